namespace Sidecar.Diagnostics;

/// <summary>Header names the sidecar reads or writes.</summary>
public static class ProxyHeaders
{
    public const string Rerank = "X-Rerank";
    public const string ElasticProduct = "X-Elastic-Product";

    public static string Applied => "applied";

    public static string Skipped(string reason) => "skipped; reason=" + reason;
}
