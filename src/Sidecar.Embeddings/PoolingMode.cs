namespace Sidecar.Embeddings;

/// <summary>How the per-token hidden states of a transformer are reduced to one sentence vector.</summary>
public enum PoolingMode
{
    /// <summary>Average of the token vectors where the attention mask is 1 (all-MiniLM-L6-v2).</summary>
    Mean = 0,

    /// <summary>The vector of the first token, [CLS] (Snowflake arctic-embed-xs).</summary>
    Cls = 1,
}
