using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Sidecar.Proxy;

/// <summary>
/// Header copying between Kestrel and HttpClient without validation or parsing: the sidecar relays header text as it
/// came. (Enumerating <see cref="HttpHeaders"/> the validated way parses every value into typed objects, and boxing
/// <see cref="StringValues"/> as an enumerable allocates; on the pass-through path both showed in profiles.)
/// </summary>
internal static class HeaderCopy
{
    /// <summary>The request method as the client spelt it (the shared instance for the usual ones; no case folding).</summary>
    public static HttpMethod Method(string method) => method switch
    {
        "GET" => HttpMethod.Get,
        "POST" => HttpMethod.Post,
        "PUT" => HttpMethod.Put,
        "DELETE" => HttpMethod.Delete,
        "HEAD" => HttpMethod.Head,
        _ => new HttpMethod(method),
    };

    /// <summary>Adds a client header to the upstream request (content headers to its content, dropped if it has none).</summary>
    public static void ToRequest(HttpRequestMessage request, string name, StringValues values)
    {
        var added = values.Count == 1
            ? request.Headers.TryAddWithoutValidation(name, values[0])
            : request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        if (!added && request.Content is { } content)
        {
            _ = values.Count == 1
                ? content.Headers.TryAddWithoutValidation(name, values[0])
                : content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
    }

    /// <summary>Copies the upstream answer's headers as received, except <paramref name="skip"/>.</summary>
    public static void ToResponse(HttpHeadersNonValidated source, IHeaderDictionary target, HashSet<string> skip)
    {
        foreach (var (name, values) in source)
        {
            if (skip.Contains(name))
            {
                continue;
            }

            if (values.Count == 1)
            {
                target[name] = values.ToString();
            }
            else
            {
                var all = new string[values.Count];
                var i = 0;
                foreach (var v in values)
                {
                    all[i++] = v;
                }

                target[name] = all;
            }
        }
    }
}
