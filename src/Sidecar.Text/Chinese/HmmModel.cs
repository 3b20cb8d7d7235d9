using System.Buffers;
using System.Text.Json;

namespace Sidecar.Text;

/// <summary>
/// jieba's character-tagging HMM (states B/M/E/S = begin, middle, end, single) used to split runs of
/// characters that the dictionary does not cover (new words, names). The tables come from jieba's
/// prob_trans.json / prob_emit.json and are read with <see cref="Utf8JsonReader"/> (no reflection).
/// Immutable after loading.
/// </summary>
internal sealed class HmmModel
{
    private const int B = 0, M = 1, E = 2, S = 3;
    private const double MinProb = -3.14e100;
    private const int StackLimit = 64;

    // Start probabilities of jieba's finalseg model (prob_start), fixed constants there as well.
    private static readonly double[] Start = [-0.26268660809250016, MinProb, MinProb, -1.4652633398537678];

    // Which states may precede each state, in jieba's order (ties go to the last one listed).
    private static readonly int[][] Previous = [[E, S], [M, B], [B, M], [S, E]];

    private readonly double[] transitions; // [from * 4 + to]
    private readonly Dictionary<char, int> emitRow; // char -> row in emissions
    private readonly double[] emissions; // [row * 4 + state]

    private HmmModel(double[] transitions, Dictionary<char, int> emitRow, double[] emissions)
    {
        this.transitions = transitions;
        this.emitRow = emitRow;
        this.emissions = emissions;
    }

    public static HmmModel Load(string transPath, string emitPath)
    {
        var transitions = new double[16];
        Array.Fill(transitions, MinProb);
        foreach (var (from, to, value) in ReadTable(transPath))
        {
            if (to.Length == 1)
            {
                transitions[from * 4 + StateIndex(to[0])] = value;
            }
        }

        var rows = new Dictionary<char, int>(8_000);
        var emissions = new List<double>(32_000);
        foreach (var (state, key, value) in ReadTable(emitPath))
        {
            if (key.Length != 1)
            {
                continue;
            }

            if (!rows.TryGetValue(key[0], out var row))
            {
                row = rows.Count;
                rows.Add(key[0], row);
                emissions.AddRange([MinProb, MinProb, MinProb, MinProb]);
            }

            emissions[row * 4 + state] = value;
        }

        if (rows.Count < 1000)
        {
            throw new InvalidDataException($"jieba HMM emissions '{emitPath}' hold {rows.Count} characters.");
        }

        return new HmmModel(transitions, rows, [.. emissions]);
    }

    /// <summary>Tags <paramref name="text"/> (Han characters only) and adds the (start, length) of the words it forms.</summary>
    public void Cut(ReadOnlySpan<char> text, List<(int Start, int Length)> pieces)
    {
        var n = text.Length;
        if (n == 0)
        {
            return;
        }

        var size = n * 4;
        double[]? rentedScores = null;
        byte[]? rentedBack = null;
        var scores = size <= StackLimit * 4 ? stackalloc double[size] : (rentedScores = ArrayPool<double>.Shared.Rent(size));
        var back = size <= StackLimit * 4 ? stackalloc byte[size] : (rentedBack = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            for (var y = 0; y < 4; y++)
            {
                scores[y] = Start[y] + Emit(text[0], y);
            }

            for (var t = 1; t < n; t++)
            {
                for (var y = 0; y < 4; y++)
                {
                    var emit0 = Emit(text[t], y);
                    var best = double.MinValue;
                    var bestFrom = 0;
                    foreach (var from in Previous[y])
                    {
                        var candidate = scores[(t - 1) * 4 + from] + transitions[from * 4 + y] + emit0;
                        if (best <= candidate)
                        {
                            best = candidate;
                            bestFrom = from;
                        }
                    }

                    scores[t * 4 + y] = best;
                    back[t * 4 + y] = (byte)bestFrom;
                }
            }

            // Walk back from the better final state (E or S).
            var state = scores[(n - 1) * 4 + E] < scores[(n - 1) * 4 + S] ? S : E;
            Span<byte> tags = n <= StackLimit * 4 ? stackalloc byte[n] : new byte[n];
            for (var t = n - 1; t >= 0; t--)
            {
                tags[t] = (byte)state;
                state = back[t * 4 + state];
            }

            var begin = 0;
            var next = 0;
            for (var t = 0; t < n; t++)
            {
                switch (tags[t])
                {
                    case B:
                        begin = t;
                        break;
                    case E:
                        pieces.Add((begin, t + 1 - begin));
                        next = t + 1;
                        break;
                    case S:
                        pieces.Add((t, 1));
                        next = t + 1;
                        break;
                }
            }

            if (next < n)
            {
                pieces.Add((next, n - next));
            }
        }
        finally
        {
            if (rentedScores is not null)
            {
                ArrayPool<double>.Shared.Return(rentedScores);
            }

            if (rentedBack is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedBack);
            }
        }
    }

    private double Emit(char c, int state) =>
        emitRow.TryGetValue(c, out var row) ? emissions[row * 4 + state] : MinProb;

    private static int StateIndex(char c) => c switch
    {
        'B' => B,
        'M' => M,
        'E' => E,
        'S' => S,
        _ => throw new InvalidDataException($"Unknown HMM state '{c}'."),
    };

    /// <summary>Reads <c>{"B": {"x": -1.5, ...}, ...}</c> as (state, key, value) triples.</summary>
    private static List<(int State, string Key, double Value)> ReadTable(string path)
    {
        var reader = new Utf8JsonReader(File.ReadAllBytes(path), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var result = new List<(int, string, double)>();
        var state = -1;
        string? key = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName when reader.CurrentDepth == 1:
                    state = StateIndex(reader.GetString()![0]);
                    break;
                case JsonTokenType.PropertyName when reader.CurrentDepth == 2:
                    key = reader.GetString();
                    break;
                case JsonTokenType.Number when reader.CurrentDepth == 2 && state >= 0 && key is not null:
                    result.Add((state, key, reader.GetDouble()));
                    break;
            }
        }

        return result;
    }
}
