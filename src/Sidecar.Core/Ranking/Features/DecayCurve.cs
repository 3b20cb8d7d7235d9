namespace Sidecar.Ranking.Features;

/// <summary>The decay functions of Elasticsearch's function_score, over a distance from the origin.</summary>
public readonly struct DecayCurve
{
    private readonly int _kind; // 0 gauss, 1 exp, 2 linear
    private readonly double _offset;
    private readonly double _param;

    public DecayCurve(string function, double scale, double offset, double decay)
    {
        _offset = offset;
        switch (function)
        {
            case "exp":
                _kind = 1;
                _param = Math.Log(decay) / scale; // lambda
                break;
            case "linear":
                _kind = 2;
                _param = scale / (1.0 - decay); // s
                break;
            default:
                _kind = 0;
                _param = -(scale * scale) / (2.0 * Math.Log(decay)); // sigma^2
                break;
        }
    }

    /// <summary>1 at distance &lt;= offset, decreasing with distance.</summary>
    public double Apply(double distance)
    {
        var d = Math.Max(0, distance - _offset);
        return _kind switch
        {
            1 => Math.Exp(_param * d),
            2 => Math.Max(0, (_param - d) / _param),
            _ => Math.Exp(-(d * d) / (2.0 * _param)),
        };
    }
}
