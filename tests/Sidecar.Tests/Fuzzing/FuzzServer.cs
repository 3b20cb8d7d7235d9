using System.Globalization;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.FSharp.Core;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Fuzzing;

/// <summary>
/// One real sidecar in front of one <see cref="EchoUpstream"/> per fuzz class, reused by every generated case. The
/// upstream answers like Elasticsearch (a canned 100-hit search, bulk items, profile 404s) and never with a 5xx,
/// so any 5xx the client sees was made by the sidecar.
/// </summary>
public sealed class FuzzServer : IAsyncLifetime
{
    public const string AdminKey = "fuzz-admin-key";
    private const string AdminEnv = "SIDECAR_TEST_FUZZ_ADMIN_KEY";
    private const string UserKeyEnv = "SIDECAR_TEST_FUZZ_USER_ID_KEY";

    private const string Yaml = $$"""
        admin:
          api_key_env: {{AdminEnv}}
        personalization:
          user_id_hash_key_env: {{UserKeyEnv}}
          lookup: { timeout_ms: 50 }
          maintenance: { recovery_interval_s: 0, retention_sweep_interval_min: 0 }
        models:
          embedding: { preset: minilm-l6-v2 }
        profiles:
          - name: products
            indices: [products]
            window: 100
            budget_ms: 500
            features:
              - { name: bm25, type: first_stage_score, weight: 1.0 }
              - { name: rating, type: numeric_field, field: rating, weight: 0.5 }
              - { name: semantic, type: semantic_similarity, weight: 0.5 }
              - { name: text, type: text_match, fields: [title, brand], weight: 0.2 }
              - { name: user_brand, type: user_brand_affinity, weight: 0.3 }
        """;

    private static readonly byte[] Canned = Encoding.UTF8.GetBytes(Fixtures.Response(100));

    internal EchoUpstream Upstream { get; private set; } = null!;

    internal SidecarServer Sidecar { get; private set; } = null!;

    /// <summary>The sidecar's warnings and errors; the last ones are added to a failing case's message.</summary>
    internal Resilience.CapturingLoggerProvider Logs { get; } = new();

    /// <summary>The largest body the fuzz sidecar accepts (server.max_request_body_bytes); bigger ones must get 413.</summary>
    public const int MaxBody = 65536;

    public async ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable(AdminEnv, AdminKey);
        Environment.SetEnvironmentVariable(UserKeyEnv, "fuzz-user-id-hash-key-0123456789abcdef");
        Upstream = await EchoUpstream.StartAsync();
        Upstream.Handler = AnswerLikeElasticsearch;
        Sidecar = await SidecarServer.StartAsync(Upstream.BaseUri, Yaml, maxBodyBytes: MaxBody, embedder: _ => new HashEmbedder(),
            logging: l => l.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Warning).AddFilter("Yarp", LogLevel.Information)
                .AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Debug));
    }

    public async ValueTask DisposeAsync()
    {
        await Sidecar.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    private static async Task AnswerLikeElasticsearch(HttpContext ctx, EchoUpstream.Recorded r)
    {
        ctx.Response.ContentType = "application/json";
        var path = ctx.Request.Path.Value ?? "/";
        if (path.EndsWith("/_search", StringComparison.Ordinal) || path.EndsWith("/_search/", StringComparison.Ordinal))
        {
            // The catalogue answers with 100 hits; the sidecar's own indices (events, profiles) hold nothing.
            await (path.StartsWith("/rerank-", StringComparison.Ordinal)
                ? ctx.Response.WriteAsync("""{"took":1,"hits":{"total":{"value":0,"relation":"eq"},"hits":[]}}""", ctx.RequestAborted)
                : ctx.Response.Body.WriteAsync(Canned, ctx.RequestAborted).AsTask());
        }
        else if (path.EndsWith("/_bulk", StringComparison.Ordinal))
        {
            var actions = Encoding.UTF8.GetString(r.Body).Split('\n').Count(l => l.StartsWith("{\"index\"", StringComparison.Ordinal) ||
                l.StartsWith("{\"create\"", StringComparison.Ordinal) || l.StartsWith("{\"update\"", StringComparison.Ordinal) ||
                l.StartsWith("{\"delete\"", StringComparison.Ordinal));
            var items = string.Join(",", Enumerable.Repeat("""{"index":{"_index":"x","_id":"1","status":201,"result":"created"}}""", actions));
            await ctx.Response.WriteAsync($$"""{"took":1,"errors":false,"items":[{{items}}]}""", ctx.RequestAborted);
        }
        else if (path.StartsWith("/rerank-profiles/_doc/", StringComparison.Ordinal) && HttpMethods.IsGet(ctx.Request.Method))
        {
            ctx.Response.StatusCode = 404;
            await ctx.Response.WriteAsync("""{"_index":"rerank-profiles","found":false}""", ctx.RequestAborted);
        }
        else if (path.EndsWith("/_mget", StringComparison.Ordinal))
        {
            await ctx.Response.WriteAsync("""{"docs":[]}""", ctx.RequestAborted);
        }
        else if (path.Contains("_by_query", StringComparison.Ordinal))
        {
            await ctx.Response.WriteAsync("""{"took":1,"deleted":0,"updated":0,"failures":[]}""", ctx.RequestAborted);
        }
        else if (HttpMethods.IsPut(ctx.Request.Method) || HttpMethods.IsPost(ctx.Request.Method))
        {
            ctx.Response.StatusCode = 201;
            await ctx.Response.WriteAsync("""{"acknowledged":true,"result":"created","_id":"1","_version":1}""", ctx.RequestAborted);
        }
        else
        {
            await ctx.Response.WriteAsync($$"""{"method":"{{r.Method.Length}}","body_length":{{r.BodyLength}}}""", ctx.RequestAborted);
        }
    }

    /// <summary>One generated request.</summary>
    public sealed record Case(string Method, string PathAndQuery, byte[]? Body, string? ContentType, (string Name, string Value)[] Headers)
    {
        public override string ToString()
        {
            var body = Body is null ? "(none)" : Body.Length > 300 ? $"{Body.Length} bytes: {Show(Body[..300])}..." : Show(Body);
            var headers = Headers.Length > 6 ? $"{Headers.Length} headers, {Headers.Sum(h => h.Value.Length)} chars"
                : string.Join("; ", Headers.Select(h => h.Name + ": " + (h.Value.Length > 60 ? h.Value[..60] + "..." : h.Value)));
            return $"{Method} {(PathAndQuery.Length > 200 ? PathAndQuery[..200] + "..." : PathAndQuery)} [{headers}] body {body}";
        }

        private static string Show(byte[] b) => Encoding.UTF8.GetString(b).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>
    /// Sends <paramref name="c"/> and checks the invariants: an answer within 10 s, no 5xx (the upstream never sends
    /// one), an Elasticsearch-shaped error that says what is wrong for every 4xx the sidecar writes, and
    /// <c>X-Rerank</c> on every intercepted search that succeeded. Throws with the case on violation.
    /// </summary>
    public async Task CheckAsync(Case c, Func<HttpResponseMessage, byte[], string?>? extra = null)
    {
        HttpRequestMessage Build()
        {
            var request = new HttpRequestMessage(new HttpMethod(c.Method), c.PathAndQuery);
            if (c.Body is not null)
            {
                request.Content = new ByteArrayContent(c.Body);
                if (c.ContentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
                }
            }

            foreach (var (name, value) in c.Headers)
            {
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    request.Content ??= new ByteArrayContent([]);
                    request.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            return request;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        byte[] body;
        try
        {
            // An oversized body is answered 413 before it is read, and the connection is then dropped (TCP reset while the
            // client may still be sending): such requests get a connection of their own so they cannot disturb the others.
            using var own = c.Body?.Length > MaxBody ? new HttpClient { BaseAddress = Sidecar.BaseUri } : null;
            using var request = Build();
            try
            {
                response = await (own ?? Sidecar.Client).SendAsync(request, timeout.Token);
            }
            catch (HttpRequestException first) when (own is null && !Expected(c))
            {
                // The shared pool may hand out a keep-alive connection the server is closing (after another case's
                // protocol error): retry once on a fresh connection. A sidecar that drops this request fails again;
                // FuzzAsync also fails when more than a few retries were needed.
                Interlocked.Increment(ref _retried);
                _retriedCases.Enqueue($"{first.Message} ({first.InnerException?.Message}) for: {c.ToString()[..Math.Min(c.ToString().Length, 300)]}");
                using var fresh = new HttpClient { BaseAddress = Sidecar.BaseUri };
                using var again = Build();
                try
                {
                    response = await fresh.SendAsync(again, timeout.Token);
                }
                catch (HttpRequestException second)
                {
                    throw new HttpRequestException($"{first.Message} ({first.InnerException?.Message}); again on a fresh connection: " +
                        $"{second.Message} ({second.InnerException?.Message})", second);
                }
            }

            body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"no answer within 10 s (hang) for: {c}");
        }
        catch (HttpRequestException) when (Expected(c))
        {
            return; // Kestrel answers 431 and closes the connection while the client may still be sending the body: a reset is expected
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"the connection failed ({e.Message}) for: {c}{RecentErrors()}", e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var problem = Problem(c, response, status, body) ?? extra?.Invoke(response, body);
            if (problem is not null)
            {
                throw new InvalidOperationException($"{problem} (HTTP {status}, {watch.ElapsedMilliseconds} ms, body {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 400)))}) for: {c}{RecentErrors()}");
            }
        }
    }

    private static bool Expected(Case c) =>
        c.Headers.Length > 100 || c.Headers.Sum(h => h.Name.Length + h.Value.Length) > 32 * 1024 || c.Body?.Length > MaxBody;

    private int _retried;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _retriedCases = new();

    private string RecentErrors() =>
        "\nlast sidecar errors:\n" + string.Join("\n", Logs.Entries.Where(e => e.Level >= LogLevel.Warning || (e.Category.StartsWith("Yarp", StringComparison.Ordinal) && e.EventId.Id != 9 && e.EventId.Id != 56) ||
            e.Message.Contains("abort", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("bad request", StringComparison.OrdinalIgnoreCase)).TakeLast(4)
            .Select(e => e.ToString()[..Math.Min(e.ToString().Length, 2500)]));

    private static string? Problem(Case c, HttpResponseMessage response, int status, byte[] body)
    {
        if (status >= 500)
        {
            return "5xx although the upstream never answers 5xx";
        }

        if (status >= 400 && !HttpMethods.IsHead(c.Method))
        {
            if (body.Length == 0)
            {
                // Kestrel refuses some requests at the protocol level (oversized or too many headers, malformed request
                // lines) before the sidecar sees them; those answers have no body. Nothing else may be empty.
                return status is 400 or 431 or 414 or 505 && response.Headers.Contains("X-Elastic-Product") is false
                    ? null
                    : "an error without a body";
            }

            try
            {
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                var error = root.GetProperty("error");
                if (error.ValueKind == JsonValueKind.Object)
                {
                    if (string.IsNullOrWhiteSpace(error.GetProperty("type").GetString()) || string.IsNullOrWhiteSpace(error.GetProperty("reason").GetString()))
                    {
                        return "an error without type or reason";
                    }
                }
                else if (error.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(error.GetString()))
                {
                    return "an error that does not say what is wrong";
                }

                if (root.GetProperty("status").GetInt32() != status)
                {
                    return "an error whose status differs from the HTTP status";
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return "an error that is not Elasticsearch-shaped JSON (" + e.GetType().Name + ")";
            }
        }

        var path = c.PathAndQuery.Split('?')[0];
        if (status is >= 200 and < 300 && (path is "/products/_search" or "/products/_search/") && c.Method is "GET" or "POST" &&
            !response.Headers.Contains("X-Rerank"))
        {
            return "an intercepted search without X-Rerank";
        }

        return null;
    }

    /// <summary>Runs <paramref name="cases"/> through <see cref="CheckAsync"/> <paramref name="count"/> times, 4 at a time, then checks the sidecar still answers.</summary>
    public async Task FuzzAsync(Gen<Case> cases, int count, Func<HttpResponseMessage, byte[], string?>? extra = null)
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(count).WithQuietOnSuccess(true)
            .WithParallelRunConfig(FSharpOption<ParallelRunConfig>.Some(new ParallelRunConfig(4)));
        // SIDECAR_FUZZ_REPLAY="seed,gamma,size" (what a failure prints after "Replay directly at failing step with")
        // replays that one step, without parallelism.
        if (Environment.GetEnvironmentVariable("SIDECAR_FUZZ_REPLAY") is { Length: > 0 } replay)
        {
            var parts = replay.Trim('(', ')', ' ').Split(',', StringSplitOptions.TrimEntries);
            config = config.WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(ulong.Parse(parts[0], CultureInfo.InvariantCulture),
                    ulong.Parse(parts[1], CultureInfo.InvariantCulture)), FSharpOption<int>.Some(int.Parse(parts[2], CultureInfo.InvariantCulture)))))
                .WithMaxTest(1).WithParallelRunConfig(FSharpOption<ParallelRunConfig>.None);
        }

        var property = Prop.ForAll(Arb.From(cases), (Func<Case, Task>)(c => CheckAsync(c, extra)));
        var retriedBefore = Volatile.Read(ref _retried);
        await Task.Run(() => Check.One(config, property), TestContext.Current.CancellationToken);
        var retried = Volatile.Read(ref _retried) - retriedBefore;
        var allowed = int.TryParse(Environment.GetEnvironmentVariable("SIDECAR_FUZZ_MAX_RETRIES"), out var max) ? max : Math.Max(3, count / 100);
        Assert.True(retried <= allowed, $"{retried} of {count} cases needed a second connection: the sidecar drops connections:\n" +
            string.Join("\n", _retriedCases.TakeLast(retried)));

        using var health = await Sidecar.Client.GetAsync("/_rerank/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
