namespace Sidecar.StandIn.Mapping;

/// <summary>The <c>dynamic</c> mapping setting.</summary>
public enum DynamicMode
{
    /// <summary>Unmapped fields are added to the mapping (default).</summary>
    True,

    /// <summary>Unmapped fields are kept in _source only.</summary>
    False,

    /// <summary>Unmapped fields are rejected.</summary>
    Strict,
}
