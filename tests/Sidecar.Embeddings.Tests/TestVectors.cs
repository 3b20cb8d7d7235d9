namespace Sidecar.Embeddings.Tests;

internal static class TestVectors
{
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"Element {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance}).");
        }
    }

    public static void AssertUnit(ReadOnlySpan<float> vector) =>
        Assert.Equal(1.0, VectorMath.Norm(vector), 1e-4);

    public static float[] Random(Random random, int length)
    {
        var vector = new float[length];
        for (var i = 0; i < length; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return vector;
    }
}
