using System.Diagnostics.CodeAnalysis;

namespace Sidecar.Text;

/// <summary>The process-wide segmenter over the data files copied next to the binaries.</summary>
public sealed partial class ChineseSegmenter
{
    /// <summary>Environment variable that overrides <see cref="DefaultDataDirectory"/>.</summary>
    public const string DataDirectoryVariable = "SIDECAR_JIEBA_DIR";

    private static readonly Lock SharedGate = new();
    private static volatile ChineseSegmenter? shared;
    private static Exception? sharedError;
    private static string? defaultDataDirectory;

    /// <summary>
    /// Where <see cref="Shared"/> loads from: <c>$SIDECAR_JIEBA_DIR</c>, else <c>jieba/</c> beside the
    /// application (the build copies the files there for every project that references Sidecar.Text).
    /// Set it before the first use of <see cref="Shared"/>.
    /// </summary>
    public static string DefaultDataDirectory
    {
        get
        {
            if (defaultDataDirectory is not null)
            {
                return defaultDataDirectory;
            }

            var fromEnvironment = Environment.GetEnvironmentVariable(DataDirectoryVariable);
            return string.IsNullOrEmpty(fromEnvironment) ? Path.Combine(AppContext.BaseDirectory, "jieba") : fromEnvironment;
        }

        set => defaultDataDirectory = value;
    }

    /// <summary>
    /// The shared segmenter, loaded on first use (~0.1-0.3 s, once, thread-safe). A failed load is
    /// remembered and rethrown (wrapped) without retrying.
    /// </summary>
    /// <exception cref="InvalidOperationException">The data files could not be loaded.</exception>
    public static ChineseSegmenter Shared => shared ?? LoadShared();

    /// <summary>Loads <see cref="Shared"/> now (call at start-up so no request pays for it) and segments once.</summary>
    /// <returns>The load time.</returns>
    public static TimeSpan Warm()
    {
        var segmenter = Shared;
        _ = segmenter.CutForSearch("华为智能手机");
        return segmenter.LoadTime;
    }

    /// <summary>The shared segmenter, or false when its data could not be loaded (never throws).</summary>
    public static bool TryGetShared([NotNullWhen(true)] out ChineseSegmenter? segmenter)
    {
        segmenter = shared;
        if (segmenter is not null)
        {
            return true;
        }

        if (Volatile.Read(ref sharedError) is not null)
        {
            return false;
        }

        try
        {
            segmenter = LoadShared();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static ChineseSegmenter LoadShared()
    {
        lock (SharedGate)
        {
            if (shared is { } loaded)
            {
                return loaded;
            }

            if (sharedError is not null)
            {
                throw new InvalidOperationException($"Chinese segmenter data could not be loaded: {sharedError.Message}", sharedError);
            }

            var directory = DefaultDataDirectory;
            try
            {
                shared = Load(directory);
                return shared;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
            {
                sharedError = ex;
                throw new InvalidOperationException($"Chinese segmenter data could not be loaded from '{directory}': {ex.Message}", ex);
            }
        }
    }
}
