using System.Text.Json.Serialization;

namespace Sidecar.StandIn.Tests.Client;

/// <summary>Typed document used with the official client.</summary>
public sealed class Product
{
    [JsonPropertyName("title")]
    public string Title { get; set; } = "";

    [JsonPropertyName("brand")]
    public string Brand { get; set; } = "";

    [JsonPropertyName("price")]
    public double? Price { get; set; }

    [JsonPropertyName("tags")]
    public List<string> Tags { get; set; } = [];
}
