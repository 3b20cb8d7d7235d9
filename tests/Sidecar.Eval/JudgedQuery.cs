namespace Sidecar.Eval;

/// <summary>One evaluation query: its id and text, and the grade of every judged product (by id).</summary>
public sealed record JudgedQuery(string Id, string Text, IReadOnlyDictionary<string, int> Grades);
