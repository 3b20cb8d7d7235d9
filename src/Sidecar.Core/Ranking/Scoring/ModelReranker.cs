using System.Buffers;
using System.Globalization;
using Sidecar.Ranking.Features;
using Sidecar.Search;

namespace Sidecar.Ranking.Scoring;

/// <summary>
/// Orders a window by a learned model's score instead of the weighted sum. The features are computed
/// exactly as for <see cref="WeightedSumReranker"/> (<see cref="FeatureMatrix"/>: declaration order, after
/// each feature's normalisation and <c>missing</c> default, non-finite as 0) and fed to the model as one
/// float32 <c>[n x features]</c> tensor; ties keep upstream order.
/// <para>
/// Explanations: <see cref="RerankResult.Scores"/> are the model's scores and
/// <see cref="RerankResult.FeatureValues"/> the per-feature values the model saw. The per-feature
/// <c>weight</c>/<c>contribution</c> that explanations print have no meaning for a model, so
/// <see cref="Features"/> presents each feature as a <see cref="ModelInputFeature"/> with weight 0: both
/// print as 0 (never a misleading linear share of the score).
/// </para>
/// The budget (<see cref="RerankContext.Budget"/>) is checked before the features, before inference and
/// after it (<see cref="OperationCanceledException"/>). A non-finite model score throws
/// <see cref="RankingModelException"/>, so the caller falls back to upstream order.
/// </summary>
public sealed class ModelReranker : IReranker, IDisposable
{
    private readonly IFeature[] _declared;
    private readonly IFeature[] _presented;

    /// <param name="features">The declared features, in the order of the model's input columns.</param>
    /// <param name="model">A model loaded for these features; the reranker owns and disposes it.</param>
    public ModelReranker(IReadOnlyList<IFeature> features, OnnxRankingModel model)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(model);
        if (features.Count != model.FeatureCount)
        {
            throw new ArgumentException($"the model was loaded for {model.FeatureCount} features, got {features.Count}", nameof(features));
        }

        _declared = [.. features];
        _presented = [.. features.Select(f => (IFeature)new ModelInputFeature(f))];
        Model = model;
    }

    /// <summary>The declared features presented with weight 0 (see the class remarks).</summary>
    public IReadOnlyList<IFeature> Features => _presented;

    /// <summary>The declared features, with their YAML weights (unused for scoring).</summary>
    public IReadOnlyList<IFeature> DeclaredFeatures => _declared;

    public OnnxRankingModel Model { get; }

    public RerankResult Rerank(RerankContext context, ReadOnlySpan<SearchHit> hits)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Budget.ThrowIfCancellationRequested();
        var n = hits.Length;
        using var matrix = FeatureMatrix.Compute(_declared, context, hits);
        var length = n * _declared.Length;
        var rows = ArrayPool<float>.Shared.Rent(Math.Max(length, 1));
        var modelScores = ArrayPool<float>.Shared.Rent(Math.Max(n, 1));
        try
        {
            matrix.CopyRowMajor(rows.AsSpan(0, length));
            context.Budget.ThrowIfCancellationRequested();
            Model.Score(rows.AsSpan(0, length), modelScores.AsSpan(0, n));
            context.Budget.ThrowIfCancellationRequested();

            var scores = new double[n];
            for (var i = 0; i < n; i++)
            {
                var s = modelScores[i];
                if (!float.IsFinite(s))
                {
                    throw new RankingModelException(string.Create(CultureInfo.InvariantCulture,
                        $"The ranking model returned a non-finite score ({s}) for hit {i} of {n}: '{Model.Source}'. The model must return a finite score for every row of features")) { FilePath = Model.Source };
                }

                scores[i] = s;
            }

            return new RerankResult(ScoreOrder.Descending(scores), scores, matrix.ExplanationValues);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
            ArrayPool<float>.Shared.Return(modelScores);
        }
    }

    /// <summary>Releases the model's native session; call only when no request can still use this reranker.</summary>
    public void Dispose() => Model.Dispose();
}
