namespace Sidecar.Eval;

/// <summary>
/// What <c>--grid</c> found. <see cref="Path"/>: the forward-selection steps on all queries (step k uses k
/// features); <see cref="HeldOut"/>[k]: the mean NDCG@10 of step k when the path is built on the other folds
/// of a cross-validation and measured on the held-out queries (how much of a step's gain is fitted to these
/// queries). <see cref="Recommended"/>: the step with the best held-out figure (the fewest features on ties).
/// </summary>
public sealed record GridOutcome(
    IReadOnlyList<string> Features,
    WeightCandidate Declared,
    double HeldOutDeclared,
    IReadOnlyList<WeightCandidate> Path,
    IReadOnlyList<double> HeldOut,
    int Folds,
    int Recommended);
