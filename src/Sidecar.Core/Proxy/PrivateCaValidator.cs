using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Sidecar.Proxy;

/// <summary>
/// Verifies the upstream's TLS certificate against CA certificates from a PEM file (a private CA) instead of
/// the system store. The host name must still match, and the chain must build to one of those CAs.
/// </summary>
internal static class PrivateCaValidator
{
    public static RemoteCertificateValidationCallback Create(string caFile)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caFile);
        if (roots.Count == 0)
        {
            throw new InvalidOperationException($"upstream.ca_file {caFile} holds no PEM certificate");
        }

        return (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 ||
                (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = new X509Certificate2(certificate);
            return chain.Build(leaf);
        };
    }
}
