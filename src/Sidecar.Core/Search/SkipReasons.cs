namespace Sidecar.Search;

/// <summary>
/// The <c>reason=</c> values of <c>X-Rerank: skipped; reason=...</c>. Stable: dashboards and tests key on them.
/// </summary>
public static class SkipReasons
{
    public const string WindowExceeded = "window_exceeded";
    public const string Unparseable = "unparseable";
    public const string Sort = "sort";
    public const string SearchAfter = "search_after";
    public const string Scroll = "scroll";
    public const string PointInTime = "point_in_time";
    public const string Collapse = "collapse";
    public const string Rescore = "rescore";
    public const string SizeZero = "size_zero";
    public const string Retriever = "retriever";
    public const string UpstreamStatus = "upstream_status";
    public const string UnparseableResponse = "unparseable_response";
    public const string Budget = "budget";
    public const string RerankError = "rerank_error";
    public const string ModelError = "model_error";
    public const string ModelBusy = "model_busy";
}
