using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sidecar.Configuration;
using Sidecar.Diagnostics;
using Yarp.ReverseProxy.Forwarder;

namespace Sidecar.Proxy;

/// <summary>
/// Forwards a request to the upstream unchanged and streams the answer back unchanged: plain HTTP/1.1 exchanges to a
/// plain-http upstream with a body of at most 64 KiB through <see cref="Http1Forwarder"/> (unless
/// <c>upstream.pass_through_client: httpclient</c>), other HTTP/1.1 exchanges through <see cref="LeanForwarder"/>,
/// protocol upgrades and anything else through YARP.
/// Transport failures become Elasticsearch-shaped 502/504 errors in one place.
/// </summary>
public sealed class PassThroughForwarder : IDisposable
{
    private readonly IHttpForwarder _forwarder;
    private readonly UpstreamClient _upstream;
    private readonly ForwarderRequestConfig _config;
    private readonly ILogger<PassThroughForwarder> _logger;

    private readonly long _maxBodyBytes;

    private readonly Resilience.UpstreamPipelines _pipelines;
    private readonly Http1Forwarder? _direct;

    public PassThroughForwarder(IHttpForwarder forwarder, UpstreamClient upstream, ConfigProvider config, Resilience.UpstreamPipelines pipelines,
        ILogger<PassThroughForwarder> logger, SidecarMetrics? metrics = null)
    {
        _direct = upstream.Options.DirectPassThrough && Http1Forwarder.Supports(upstream) ? new Http1Forwarder(upstream, metrics?.Meter) : null;
        _pipelines = pipelines;
        _maxBodyBytes = config.Current.Server.MaxRequestBodyBytes;
        _forwarder = forwarder;
        _upstream = upstream;
        _logger = logger;
        _config = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromMilliseconds(upstream.Options.TimeoutMs) };
    }

    /// <summary>Forwards <paramref name="context"/>; <paramref name="rerankOutcome"/>, when set, is added as the X-Rerank header.</summary>
    public async Task ForwardAsync(HttpContext context, string? rerankOutcome = null)
    {
        if (rerankOutcome is not null)
        {
            context.Response.OnStarting(static state =>
            {
                var (ctx, outcome) = ((HttpContext, string))state;
                ctx.Response.Headers[ProxyHeaders.Rerank] = outcome;
                return Task.CompletedTask;
            }, (context, rerankOutcome));
        }

        if (context.Request.ContentLength > _maxBodyBytes)
        {
            await EsError.WriteAsync(context, 413, "request_entity_too_large_exception",
                $"request body is larger than server.max_request_body_bytes ({_maxBodyBytes} bytes)").ConfigureAwait(false);
            return;
        }

        if (_pipelines.BreakerOpen)
        {
            var open = UpstreamErrors.Describe(new Polly.CircuitBreaker.BrokenCircuitException(), 0, _pipelines.Options.BreakerBreakMs);
            await EsError.WriteAsync(context, open.Status, open.Type, open.Reason).ConfigureAwait(false);
            return;
        }

        ForwarderError error;
        Exception? leanException = null;
        if (LeanForwarder.Handles(context.Request))
        {
            try
            {
                (error, leanException) = _direct is not null && Http1Forwarder.Handles(context.Request)
                    ? await _direct.ForwardAsync(context).ConfigureAwait(false)
                    : await LeanForwarder.ForwardAsync(context, _upstream).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not BadHttpRequestException)
            {
                // Anything the forwarders did not foresee: never a 500. Before the answer started, an Elasticsearch-shaped
                // 502 below; after, the connection is cut (a partial answer must not look complete).
                if (context.Response.HasStarted)
                {
                    Log.UpstreamFailed(_logger, "Unexpected", context.Request.Method, context.Request.Path.Value ?? "/", e);
                    context.Abort();
                    return;
                }

                context.Response.Headers.Clear();
                (error, leanException) = (ForwarderError.Request, e);
            }
            if (error == ForwarderError.None && leanException is not null)
            {
                Log.UpstreamFailed(_logger, "ResponseBodyCutOff", context.Request.Method, context.Request.Path.Value ?? "/", leanException);
            }
        }
        else
        {
            error = await _forwarder.SendAsync(context, _upstream.Prefix, _upstream.Invoker, _config, UpstreamTransformer.Instance)
                .ConfigureAwait(false);
        }

        if (error == ForwarderError.None)
        {
            if (rerankOutcome is not null && !context.Response.HasStarted)
            {
                context.Response.Headers[ProxyHeaders.Rerank] = rerankOutcome; // empty bodies: counted before the response starts
            }

            return;
        }

        var exception = leanException ?? context.Features.Get<IForwarderErrorFeature>()?.Exception;
        if (error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled)
        {
            return; // the client went away; nothing to answer
        }

        if (exception is BadHttpRequestException bad)
        {
            Log.BadRequest(_logger, bad.Message);
            await EsError.WriteAsync(context, bad.StatusCode, bad.StatusCode == 413 ? "request_entity_too_large_exception" : "parse_exception",
                bad.Message).ConfigureAwait(false);
            return;
        }

        Log.UpstreamFailed(_logger, error.ToString(), context.Request.Method, context.Request.Path.Value ?? "/", exception);
        var (status, type, reason) = UpstreamErrors.Describe(error, _upstream.Options.TimeoutMs);
        await EsError.WriteAsync(context, status, type, reason).ConfigureAwait(false);
    }

    public void Dispose() => _direct?.Dispose();
}
