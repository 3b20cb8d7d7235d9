using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sidecar.Ranking.Scoring;

/// <summary>
/// A learned ranking model over ONNX Runtime: input float32 <c>[n_hits x n_features]</c>, output one
/// float32 score per hit (<c>[n_hits]</c> or <c>[n_hits x 1]</c>). <see cref="Load"/> checks the file, the
/// shapes and the feature count against the profile, and runs one warm-up inference, so that a bad model
/// fails at start-up with a <see cref="RankingModelException"/>. One session is shared by all threads
/// (<see cref="InferenceSession"/>.Run is thread-safe); each <see cref="Score"/> call rents its tensors'
/// buffers from the array pool. Dispose only when no scoring is running.
/// </summary>
public sealed class OnnxRankingModel : IDisposable
{
    private const int WarmUpHits = 2;

    private readonly SessionOptions _sessionOptions;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _outputIsColumn;
    private int _disposed;

    private OnnxRankingModel(SessionOptions sessionOptions, InferenceSession session, RankingModelShape shape, int featureCount)
    {
        _sessionOptions = sessionOptions;
        _session = session;
        _inputNames = [shape.InputName];
        _outputNames = [shape.OutputName];
        _outputIsColumn = shape.OutputIsColumn;
        FeatureCount = featureCount;
    }

    /// <summary>The full path of the model file.</summary>
    public required string Source { get; init; }

    /// <summary>Number of columns of the input: the profile's declared features.</summary>
    public int FeatureCount { get; }

    public string InputName => _inputNames[0];

    public string OutputName => _outputNames[0];

    /// <summary>Loads and checks the model for a profile declaring <paramref name="featureNames"/> (in order).</summary>
    /// <exception cref="RankingModelException">The file is missing, unreadable, corrupt or does not fit.</exception>
    public static OnnxRankingModel Load(RankingModelOptions options, IReadOnlyList<string> featureNames)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureNames.Count, 1, nameof(featureNames));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Threads, RankingModelOptions.MaxThreads, nameof(options));
        var path = Path.GetFullPath(options.Path);
        var bytes = ReadFile(path);
        var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.Threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        InferenceSession? session = null;
        OnnxRankingModel? model = null;
        try
        {
            try
            {
                session = new InferenceSession(bytes, sessionOptions);
            }
            catch (OnnxRuntimeException e)
            {
                throw RankingModelException.ForFile(path, "ONNX Runtime cannot load the ranking model (corrupt, truncated or not an ONNX file)",
                    "Point ranking_model.path at an intact .onnx export of the ranker", e);
            }

            var shape = RankingModelShape.Check(session, options, featureNames, path);
            model = new OnnxRankingModel(sessionOptions, session, shape, featureNames.Count) { Source = path };
            model.WarmUp();
            return model;
        }
        catch
        {
            if (model is not null)
            {
                model.Dispose();
            }
            else
            {
                session?.Dispose();
                sessionOptions.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Scores one window: <paramref name="rows"/> holds <c>scores.Length</c> rows of <see cref="FeatureCount"/>
    /// values (row-major); one score per row is written to <paramref name="scores"/>. Thread-safe.
    /// </summary>
    public void Score(ReadOnlySpan<float> rows, Span<float> scores)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var n = scores.Length;
        if (rows.Length != n * FeatureCount)
        {
            throw new ArgumentException($"expected {n} rows of {FeatureCount} features ({n * FeatureCount} values), got {rows.Length}", nameof(rows));
        }

        if (n == 0)
        {
            return;
        }

        var input = ArrayPool<float>.Shared.Rent(rows.Length);
        var output = ArrayPool<float>.Shared.Rent(n);
        try
        {
            rows.CopyTo(input);
            var info = OrtMemoryInfo.DefaultInstance;
            using var x = OrtValue.CreateTensorValueFromMemory(info, input.AsMemory(0, rows.Length), [n, FeatureCount]);
            using var y = OrtValue.CreateTensorValueFromMemory(info, output.AsMemory(0, n), _outputIsColumn ? [n, 1] : [n]);
            _session.Run(_runOptions, _inputNames, [x], _outputNames, [y]);
            output.AsSpan(0, n).CopyTo(scores);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
            ArrayPool<float>.Shared.Return(output);
        }
    }

    public override string ToString() => $"{Source} ({InputName} [n x {FeatureCount}] -> {OutputName})";

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
            _runOptions.Dispose();
            _sessionOptions.Dispose();
        }
    }

    private static byte[] ReadFile(string path)
    {
        const string fix = "Set ranking_model.path to the .onnx file exported from the ranker (relative paths resolve against the working directory)";
        if (!File.Exists(path))
        {
            throw RankingModelException.ForFile(path, "The ranking model file does not exist", fix);
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw RankingModelException.ForFile(path, "The ranking model file cannot be read", "Check its permissions", e);
        }

        return bytes.Length > 0 ? bytes : throw RankingModelException.ForFile(path, "The ranking model file is empty", fix);
    }

    /// <summary>Runs a few rows of zeros so that a model that loads but cannot run (or returns the wrong shape) fails now.</summary>
    private void WarmUp()
    {
        try
        {
            Score(new float[WarmUpHits * FeatureCount], new float[WarmUpHits]);
        }
        catch (OnnxRuntimeException e)
        {
            throw RankingModelException.ForFile(Source,
                $"The ranking model loaded but its first inference ({WarmUpHits} rows of {FeatureCount} zeros) failed",
                $"Check that '{InputName}' accepts any number of rows of {FeatureCount} float32 features and '{OutputName}' returns one score per row", e);
        }
    }
}
