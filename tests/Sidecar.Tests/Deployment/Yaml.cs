using YamlDotNet.RepresentationModel;

namespace Sidecar.Tests.Deployment;

/// <summary>Small, failing-loudly navigation over YamlDotNet's representation model for the deployment tests.</summary>
internal static class Yaml
{
    public static IReadOnlyList<YamlMappingNode> LoadAll(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    public static YamlNode? Get(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlMappingNode Map(this YamlNode node, string key) =>
        node.Get(key) as YamlMappingNode ?? throw new KeyNotFoundException($"no mapping '{key}' at line {node.Start.Line}");

    public static YamlSequenceNode Seq(this YamlNode node, string key) =>
        node.Get(key) as YamlSequenceNode ?? throw new KeyNotFoundException($"no list '{key}' at line {node.Start.Line}");

    public static string Str(this YamlNode node, string key) =>
        (node.Get(key) as YamlScalarNode)?.Value ?? throw new KeyNotFoundException($"no value '{key}' at line {node.Start.Line}");

    public static string? OptionalStr(this YamlNode node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    /// <summary>Follows a dotted path of mapping keys.</summary>
    public static YamlNode? At(this YamlNode node, string dottedPath)
    {
        YamlNode? current = node;
        foreach (var key in dottedPath.Split('.'))
        {
            current = current?.Get(key);
        }

        return current;
    }

    public static IEnumerable<YamlMappingNode> Items(this YamlNode node, string key) =>
        node.Get(key) is YamlSequenceNode seq ? seq.Children.OfType<YamlMappingNode>() : [];

    public static YamlMappingNode Named(this IEnumerable<YamlMappingNode> items, string name) =>
        items.SingleOrDefault(i => i.OptionalStr("name") == name) ?? throw new KeyNotFoundException($"no item named '{name}'");
}
