namespace Sidecar.Embeddings.Tests;

public sealed class VectorMathTests
{
    public static TheoryData<int> Lengths => [1, 3, 7, 8, 16, 31, 384, 1001];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void DotNormCosine_MatchScalarReference(int length)
    {
        var random = new Random(length);
        var a = TestVectors.Random(random, length);
        var b = TestVectors.Random(random, length);
        double dot = 0, normA = 0, normB = 0;
        for (var i = 0; i < length; i++)
        {
            dot += (double)a[i] * b[i];
            normA += (double)a[i] * a[i];
            normB += (double)b[i] * b[i];
        }

        Assert.Equal(dot, VectorMath.Dot(a, b), 1e-4);
        Assert.Equal(Math.Sqrt(normA), VectorMath.Norm(a), 1e-4);
        Assert.Equal(dot / Math.Sqrt(normA * normB), VectorMath.Cosine(a, b), 1e-5);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Normalize_MatchesScalarReferenceAndHasUnitLength(int length)
    {
        var x = TestVectors.Random(new Random(length + 100), length);
        var norm = Math.Sqrt(x.Sum(v => (double)v * v));
        var expected = x.Select(v => (float)(v / norm)).ToArray();

        var normalized = VectorMath.Normalized(x);
        VectorMath.Normalize(x);

        TestVectors.AssertClose(expected, x, 1e-6f);
        TestVectors.AssertClose(expected, normalized, 1e-6f);
        TestVectors.AssertUnit(x);
    }

    [Fact]
    public void ZeroVector_NormalizesToZeroAndHasCosineZero()
    {
        var zero = new float[5];
        VectorMath.Normalize(zero);
        Assert.All(zero, v => Assert.Equal(0f, v));
        Assert.Equal(0f, VectorMath.Cosine(zero, [1, 2, 3, 4, 5]));
    }

    [Fact]
    public void DotRows_ScoresEachRow()
    {
        float[] query = [1, 0, 2];
        float[] rows = [1, 1, 1, /**/ 0, 5, 0, /**/ -1, 0, 0.5f];
        var scores = new float[3];
        VectorMath.DotRows(query, rows, scores);
        Assert.Equal([3f, 0f, 0f], scores);
    }

    [Fact]
    public void LengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => VectorMath.Dot([1, 2], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => VectorMath.Cosine([1], [1, 2]));
        Assert.Throws<ArgumentException>(() => VectorMath.DotRows([1, 2], [1, 2, 3], new float[2]));
    }
}
