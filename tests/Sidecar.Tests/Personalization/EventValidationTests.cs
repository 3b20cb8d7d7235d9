using System.Text;
using System.Text.Json;
using Sidecar.Configuration;
using Sidecar.Personalization;
using Sidecar.Ranking.Features;

namespace Sidecar.Tests.Personalization;

/// <summary>Reading an events body (array or NDJSON) and validating each event on its own.</summary>
public sealed class EventValidationTests
{
    private const long Now = 1_700_000_000_000;
    private static readonly UserIdHasher Hasher = new(Encoding.UTF8.GetBytes("0123456789abcdef0123"));

    private static readonly SidecarOptions Options = new SidecarConfigLoader(FeatureRegistry.CreateDefault()).Load("""
        personalization: { retention_days: 30 }
        profiles:
          - name: p
            indices: [products, "catalog-*"]
            features: [ { name: s, type: first_stage_score } ]
        """);

    private static (BehaviourEvent? Event, List<string> Reasons) Validate(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var reasons = new List<string>();
        return (new EventValidator(Options, Hasher, Now).Validate(doc.RootElement, reasons), reasons);
    }

    [Fact]
    public void Valid_Event_IsHashedWeightedAndTimestamped()
    {
        var (e, reasons) = Validate("""{"event_id":"e-1","user_id":"alice@example.com","type":"purchase","item_id":"P1","index":"products","query":" headphones ","timestamp":"2023-11-14T22:13:00Z","extra":1}""");
        Assert.Empty(reasons);
        Assert.NotNull(e);
        Assert.Equal(Hasher.Hash("alice@example.com"), e.UserHash);
        Assert.DoesNotContain("alice", e.ToString(), StringComparison.Ordinal);
        Assert.Equal(5.0, e.Weight);
        Assert.Equal("headphones", e.Query);
        Assert.Equal(DateTimeOffset.Parse("2023-11-14T22:13:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), e.TimestampMs);
        Assert.Equal(Now, e.ReceivedMs);
    }

    [Fact]
    public void Valid_NoTimestampCustomTypeNumericItemAndPatternIndex()
    {
        var (e, reasons) = Validate("""{"event_id":"e2","user_id":"u2","type":"wishlist","item_id":42,"index":"catalog-eu"}""");
        Assert.Empty(reasons);
        Assert.Equal(Now, e!.TimestampMs);
        Assert.Equal(0.5, e.Weight);
        Assert.Equal("42", e.ItemId);
    }

    [Theory]
    [InlineData("""{"user_id":"u","type":"click","item_id":"P","index":"products"}""", "event_id: required")]
    [InlineData("""{"event_id":"e","type":"click","item_id":"P","index":"products"}""", "user_id: required")]
    [InlineData("""{"event_id":"e","user_id":"has space","type":"click","item_id":"P","index":"products"}""", "user_id: must be")]
    [InlineData("""{"event_id":"e","user_id":"u","type":"Click!","item_id":"P","index":"products"}""", "type: must be")]
    [InlineData("""{"event_id":"e","user_id":"u","type":"click","item_id":"","index":"products"}""", "item_id: expected")]
    [InlineData("""{"event_id":"e","user_id":"u","type":"click","item_id":"P","index":"orders"}""", "not covered by any rerank profile")]
    [InlineData("""{"event_id":"e","user_id":"u","type":"click","item_id":"P","index":"prod*"}""", "index: not a concrete index")]
    [InlineData("""{"event_id":"e","user_id":"u","type":"click","item_id":"P","index":"products","timestamp":"2999-01-01T00:00:00Z"}""", "in the future")]
    [InlineData("""{"event_id":"e","user_id":"u","type":"click","item_id":"P","index":"products","timestamp":"2001-01-01T00:00:00Z"}""", "older than the retention")]
    [InlineData("""{"event_id":"e","user_id":"u","type":"click","item_id":"P","index":"products","timestamp":"yesterday"}""", "timestamp: expected")]
    [InlineData("""{"event_id":"e","user_id":"u","type":"click","item_id":"P","index":"products","query":7}""", "query: expected a string")]
    [InlineData("""["not","an","object"]""", "must be a JSON object")]
    public void Invalid_Event_IsRejectedWithTheReason(string json, string reason)
    {
        var (e, reasons) = Validate(json);
        Assert.Null(e);
        Assert.Contains(reasons, r => r.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_Reasons_NeverRepeatTheUserId()
    {
        var (_, reasons) = Validate("""{"event_id":"e","user_id":"secret user!","type":"?","item_id":"P","index":"products"}""");
        Assert.Equal(2, reasons.Count);
        Assert.DoesNotContain(reasons, r => r.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Reader_JsonArray_GivesEachElement()
    {
        var events = EventBatchReader.Read("""  [{"a":1}, 2, {"b":3}]"""u8, 10, out var error)!;
        Assert.Null(error);
        Assert.Equal(3, events.Count);
        Assert.Equal(JsonValueKind.Number, events[1].Event.ValueKind);
    }

    [Fact]
    public void Reader_Ndjson_BadLineIsOneProblemBlankLinesSkipped()
    {
        var events = EventBatchReader.Read("{\"a\":1}\n\n{oops\r\n{\"b\":2}"u8, 10, out var error)!;
        Assert.Null(error);
        Assert.Equal(3, events.Count);
        Assert.StartsWith("not valid JSON", events[1].Problem, StringComparison.Ordinal);
        Assert.Equal(2, events[2].Event.GetProperty("b").GetInt32());
    }

    [Fact]
    public void Reader_BadArrayEmptyBodyOrTooMany_FailTheRequest()
    {
        Assert.Null(EventBatchReader.Read("[{\"a\":1},"u8, 10, out var e1));
        Assert.Contains("not a valid JSON array", e1, StringComparison.Ordinal);
        Assert.Null(EventBatchReader.Read("  \n "u8, 10, out var e2));
        Assert.Contains("empty", e2, StringComparison.Ordinal);
        Assert.Null(EventBatchReader.Read("{}\n{}\n{}"u8, 2, out var e3));
        Assert.StartsWith("more than 2 events", e3, StringComparison.Ordinal);
    }
}
