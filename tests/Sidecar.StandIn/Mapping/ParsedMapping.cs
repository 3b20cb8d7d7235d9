namespace Sidecar.StandIn.Mapping;

/// <summary>Result of parsing a <c>mappings</c> object.</summary>
public sealed record ParsedMapping(List<FieldMapping> Leaves, HashSet<string> Objects, DynamicMode? Dynamic);
