using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Functional;

/// <summary>TLS to the upstream: certificates are verified, and a private CA is trusted only through upstream.ca_file.</summary>
public sealed class UpstreamTlsTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sidecar-tls-").FullName;
    private WebApplication _upstream = null!;
    private Uri _upstreamUri = null!;
    private string _caFile = null!;

    public async ValueTask InitializeAsync()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Sidecar Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        _caFile = Path.Combine(_dir, "ca.pem");
        await File.WriteAllTextAsync(_caFile, ca.ExportCertificatePem());

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), [1, 2, 3, 4]);
        using var withKey = signed.CopyWithPrivateKey(serverKey);
        var serverCert = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(serverCert)));
        builder.Logging.ClearProviders();
        _upstream = builder.Build();
        _upstream.Run(async ctx =>
        {
            ctx.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(ctx.Request.Path.StartsWithSegments("/products") ? Fixtures.Response(20) : """{"status":"green"}""");
        });
        await _upstream.StartAsync();
        var port = new Uri(_upstream.Urls.First()).Port;
        _upstreamUri = new Uri($"https://localhost:{port}/");
    }

    public async ValueTask DisposeAsync()
    {
        await _upstream.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task PrivateCa_InCaFile_IsTrustedForPassThroughAndSearch()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sidecar = await SidecarServer.StartAsync(_upstreamUri, upstreamYaml: $"  ca_file: {_caFile}");
        using var health = await sidecar.Client.GetAsync("/_cluster/health", ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var search = await sidecar.Client.PostAsync("/products/_search", new StringContent("{}"), ct);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal("applied", search.Headers.GetValues("X-Rerank").Single());
    }

    [Fact]
    public async Task UntrustedCertificate_IsRefused_NotSilentlyAccepted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sidecar = await SidecarServer.StartAsync(_upstreamUri);
        using var health = await sidecar.Client.GetAsync("/_cluster/health", ct);
        Assert.Equal(HttpStatusCode.BadGateway, health.StatusCode);
    }
}
