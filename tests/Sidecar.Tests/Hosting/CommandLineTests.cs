using Sidecar.Hosting;

namespace Sidecar.Tests.Hosting;

public sealed class CommandLineTests
{
    [Fact]
    public void Parse_RunWithOverrides_ReadsEveryFlag()
    {
        var cli = CommandLine.Parse(["--config", "x.yaml", "--listen", "http://0.0.0.0:1", "--upstream", "http://es:9200"]);
        Assert.Equal(("run", "x.yaml", "http://0.0.0.0:1", "http://es:9200"), (cli.Command, cli.ConfigPath, cli.Listen, cli.Upstream));
        Assert.Null(cli.Error);
    }

    [Fact]
    public void Parse_ConfigValidate_NamesTheFile()
    {
        var cli = CommandLine.Parse(["config", "validate", "config/examples/broken.yaml"]);
        Assert.Equal(("validate", "config/examples/broken.yaml"), (cli.Command, cli.ConfigPath));
    }

    [Fact]
    public void Parse_Health_TakesUrl()
    {
        var cli = CommandLine.Parse(["health", "--url", "http://127.0.0.1:1/_rerank/health"]);
        Assert.Equal(("health", "http://127.0.0.1:1/_rerank/health"), (cli.Command, cli.Url));
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--config")]
    public void Parse_BadArguments_ExplainWhatIsWrong(string arg)
    {
        var cli = CommandLine.Parse([arg]);
        Assert.Equal("help", cli.Command);
        Assert.NotNull(cli.Error);
    }
}
