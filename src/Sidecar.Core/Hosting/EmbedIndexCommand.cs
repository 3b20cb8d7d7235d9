using Sidecar.Configuration;
using Sidecar.Enrichment;

namespace Sidecar.Hosting;

/// <summary>
/// <c>sidecar embed-index --index NAME [--batch-size N]</c>: computes the item embedding of every document of
/// an existing index that lacks one and writes it back, in batches, with a progress bar. Resumable: a rerun
/// continues with the documents still missing a vector. Uses the sidecar's own upstream credential.
/// </summary>
public static class EmbedIndexCommand
{
    public static async Task<int> RunAsync(SidecarOptions options, string index, int batchSize, CancellationToken ct)
    {
        if (options.Embedder is null)
        {
            Console.Error.WriteLine("embed-index needs a model: add models.embedding to the configuration");
            return 78;
        }

        var profile = options.Profiles.FirstOrDefault(p => p.MatchesTarget(index));
        if (profile is null)
        {
            Console.Error.WriteLine($"no profile covers index '{index}': add it to a profile's indices so its item_embedding settings apply");
            return 78;
        }

        using var handler = new SocketsHttpHandler { UseProxy = false };
        using var http = new HttpClient(new CredentialHandler(options.Upstream.Credential, handler), disposeHandler: false)
        {
            BaseAddress = options.Upstream.Url,
            Timeout = TimeSpan.FromMilliseconds(Math.Max(options.Upstream.TimeoutMs, 60_000)),
        };
        Console.Error.WriteLine($"embedding '{index}' with {options.Embedder.Name}: {string.Join(profile.ItemEmbedding.Separator, profile.ItemEmbedding.TextFields)} -> {profile.ItemEmbedding.Field}");
        var progress = ProgressBar.For(Console.Error);
        try
        {
            var result = await EmbeddingBackfill.RunAsync(http, index, profile.ItemEmbedding, options.Embedder, batchSize, progress, ct)
                .ConfigureAwait(false);
            progress.Complete();
            foreach (var failure in result.Failures)
            {
                Console.Error.WriteLine($"  failed: {failure}");
            }

            Console.WriteLine($"done: {result.Final.Done} embedded, {result.Final.Failed} failed, {result.Final.Skipped} skipped");
            return result.Final.Failed == 0 ? 0 : 1;
        }
        catch (OperationCanceledException)
        {
            progress.Complete();
            Console.Error.WriteLine("interrupted: run the same command again to resume");
            return 130;
        }
        catch (BackfillException e)
        {
            progress.Complete();
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    private sealed class CredentialHandler(UpstreamCredential credential, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            credential.Apply(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
