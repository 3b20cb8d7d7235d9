namespace Sidecar.StandIn;

/// <summary>
/// One request as received by the stand-in.
/// <see cref="BodyLength"/> and <see cref="BodySha256Hex"/> describe the body bytes exactly as they arrived
/// on the wire (still compressed when the client sent <c>Content-Encoding: gzip</c>);
/// <see cref="BodyText"/> is the first 64 KiB of the body after decompression, decoded as UTF-8
/// (null when there was no body).
/// </summary>
public sealed record ReceivedRequest(
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Headers,
    long BodyLength,
    string BodySha256Hex,
    string? BodyText);
