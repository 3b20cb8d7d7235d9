using System.Globalization;
using System.Text.Json;
using Sidecar.Configuration;
using Sidecar.Search;

namespace Sidecar.Ranking.Features;

/// <summary>
/// Closeness of a numeric or date field to an origin, with Elasticsearch function_score's decay curves:
/// <c>gauss</c>, <c>exp</c> or <c>linear</c>; 1 within <c>offset</c> of the origin, <c>decay</c> at
/// <c>offset + scale</c>. Dates accept ISO-8601 strings or epoch milliseconds, origin <c>now</c> and scales
/// such as <c>30d</c>, <c>12h</c>. YAML: <c>{ name, type: decay, field, function, origin, scale, offset, decay, missing, weight }</c>.
/// </summary>
public sealed class DecayFeature : IFeature
{
    public const string TypeName = "decay";

    private readonly string _field;
    private readonly DecayCurve _curve;
    private readonly double? _origin; // null = now (dates)
    private readonly bool _isDate;
    private readonly double _missing;
    private readonly TimeProvider _time;

    public DecayFeature(string name, double weight, string field, DecayCurve curve, double? origin, bool isDate, double missing, TimeProvider? time = null)
    {
        Name = name;
        Weight = weight;
        _field = field;
        _curve = curve;
        _origin = origin;
        _isDate = isDate;
        _missing = missing;
        _time = time ?? TimeProvider.System;
        SourceFields = [field];
    }

    public string Name { get; }

    public string Type => TypeName;

    public double Weight { get; }

    public IReadOnlyList<string> SourceFields { get; }

    public static IFeature Create(FeatureDeclaration d, ConfigNode node)
    {
        var field = node.String("field", required: true) ?? "?";
        var function = node.Enum("function", "gauss", "gauss", "exp", "linear");
        var originText = node.String("origin", required: true) ?? "0";
        var scaleText = node.String("scale", required: true) ?? "1";
        var offsetText = node.String("offset", "0")!;
        var decay = node.Double("decay", 0.5, double.Epsilon, 0.999999);

        var isDate = !double.TryParse(originText, NumberStyles.Float, CultureInfo.InvariantCulture, out var originNumber);
        double? origin = originNumber;
        if (isDate)
        {
            origin = originText == "now" ? null : DateValue.TryParse(originText, out var ms) ? ms : Report(node, "origin", $"'{originText}' is neither a number, 'now' nor an ISO-8601 date");
        }

        var scale = ParseDistance(node, "scale", scaleText, isDate);
        var offset = ParseDistance(node, "offset", offsetText, isDate);
        if (scale <= 0)
        {
            node.Errors.Add(node.Path + ".scale", node.Line, node.Column, "must be greater than 0");
            scale = 1;
        }

        return new DecayFeature(d.Name, d.Weight, field, new DecayCurve(function, scale, offset, decay), origin, isDate, d.Missing);
    }

    public void Compute(RerankContext context, ReadOnlySpan<SearchHit> hits, Span<double> values)
    {
        var origin = _origin ?? _time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 0; i < hits.Length; i++)
        {
            values[i] = TryRead(hits[i], out var x) ? _curve.Apply(Math.Abs(x - origin)) : _missing;
        }
    }

    private bool TryRead(in SearchHit hit, out double value)
    {
        if (!_isDate)
        {
            return hit.TryGetNumber(_field, out value);
        }

        value = 0;
        return hit.TryGetField(_field, out var e) && e.ValueKind switch
        {
            JsonValueKind.Number => e.TryGetDouble(out value),
            JsonValueKind.String => DateValue.TryParse(e.GetString()!, out value),
            _ => false,
        };
    }

    private static double ParseDistance(ConfigNode node, string key, string text, bool isDate)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0)
        {
            return v;
        }

        if (isDate && DateValue.TryParseDuration(text, out var ms))
        {
            return ms;
        }

        return Report(node, key, isDate
            ? $"'{text}' is not a duration such as 500ms, 30s, 15m, 12h, 30d, 2w"
            : $"'{text}' is not a non-negative number");
    }

    private static double Report(ConfigNode node, string key, string message)
    {
        node.Errors.Add(node.Path + "." + key, node.Line, node.Column, message);
        return 0;
    }
}
