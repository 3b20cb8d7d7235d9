using Sidecar.Configuration;
using Sidecar.Tests.Configuration;
using Sidecar.Tests.Functional;
using Sidecar.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Tests.Deployment;

/// <summary>
/// deploy/kubernetes/pod.yaml and deploy/compose.yaml: no Docker engine or cluster runs here, so these tests check
/// what can be checked without one: the files parse, and the facts the deployment docs promise hold (images,
/// ports, probe paths, non-root, secrets from Secrets, the configuration the sidecar reads is valid).
/// </summary>
public sealed class DeploymentFilesTests
{
    private const string SidecarPort = "9280";

    private static string Deploy(string relative) => Path.Combine(RepoPaths.Root, "deploy", relative);

    private static IReadOnlyList<YamlMappingNode> Manifests() => Yaml.LoadAll(Deploy("kubernetes/pod.yaml"));

    private static YamlMappingNode Kind(string kind) => Manifests().Single(m => m.OptionalStr("kind") == kind);

    private static YamlMappingNode PodSpec() => Kind("Deployment").Map("spec").Map("template").Map("spec");

    private static YamlMappingNode Container(string name) => PodSpec().Items("containers").Named(name);

    private static YamlMappingNode ComposeService(string name) => Yaml.LoadAll(Deploy("compose.yaml")).Single().Map("services").Map(name);

    [Fact]
    public void Kubernetes_Manifests_ParseWithTheExpectedKinds()
    {
        var manifests = Manifests();
        Assert.Equal(["ConfigMap", "Deployment", "Service"], manifests.Select(m => m.Str("kind")));
        Assert.All(manifests, m =>
        {
            Assert.NotEmpty(m.Str("apiVersion"));
            Assert.NotEmpty(m.Map("metadata").Str("name"));
        });
        Assert.Equal("1", Kind("Deployment").Map("spec").Str("replicas"));
    }

    [Fact]
    public void Kubernetes_Elasticsearch_IsTheOfficialImage_SingleNode_OnLoopback()
    {
        var es = Container("elasticsearch");
        Assert.Equal(ElasticsearchImageRerankTests.Image, es.Str("image"));
        var env = Env(es);
        Assert.Equal("single-node", env["discovery.type"].OptionalStr("value"));
        Assert.Equal("127.0.0.1", env["network.host"].OptionalStr("value"));
        Assert.Equal("elasticsearch-credentials", env["ELASTIC_PASSWORD"].At("valueFrom.secretKeyRef.name") is YamlScalarNode s ? s.Value : null);
        Assert.Null(es.Get("ports")); // nothing to expose: the sidecar is the way in
    }

    [Fact]
    public void Kubernetes_Sidecar_Port_Probes_AndResources()
    {
        var sidecar = Container("sidecar");
        var port = Assert.Single(sidecar.Items("ports"));
        Assert.Equal(SidecarPort, port.Str("containerPort"));
        Assert.Equal("/_rerank/ready", sidecar.At("readinessProbe.httpGet.path")?.ToString());
        Assert.Equal("/_rerank/health", sidecar.At("livenessProbe.httpGet.path")?.ToString());
        Assert.Equal("/_rerank/health", sidecar.At("startupProbe.httpGet.path")?.ToString());
        Assert.Equal(port.Str("name"), sidecar.At("readinessProbe.httpGet.port")?.ToString());
        Assert.Equal("http://0.0.0.0:" + SidecarPort, Env(sidecar)["SIDECAR_LISTEN"].Str("value"));
        Assert.Equal("http://127.0.0.1:9200", Env(sidecar)["SIDECAR_UPSTREAM"].Str("value"));
        Assert.DoesNotContain(":latest", sidecar.Str("image"), StringComparison.Ordinal);
        Assert.Contains(":", sidecar.Str("image"), StringComparison.Ordinal);

        foreach (var c in PodSpec().Items("containers"))
        {
            var resources = c.Map("resources");
            Assert.NotNull(resources.At("requests.cpu"));
            Assert.NotNull(resources.At("requests.memory"));
            Assert.NotNull(resources.At("limits.memory"));
        }
    }

    [Fact]
    public void Kubernetes_EveryContainer_RunsAsNonRoot_WithoutPrivileges()
    {
        var pod = PodSpec();
        Assert.Equal("true", pod.At("securityContext.runAsNonRoot")?.ToString());
        Assert.Equal("false", pod.Str("automountServiceAccountToken"));
        foreach (var c in pod.Items("containers"))
        {
            var sc = c.Map("securityContext");
            Assert.Equal("true", sc.Str("runAsNonRoot"));
            Assert.True(int.Parse(sc.Str("runAsUser"), System.Globalization.CultureInfo.InvariantCulture) > 0, c.Str("name"));
            Assert.Equal("false", sc.Str("allowPrivilegeEscalation"));
            Assert.Equal("ALL", Assert.Single(sc.Map("capabilities").Seq("drop").Children).ToString());
            Assert.Null(sc.Get("privileged"));
        }

        Assert.Equal("true", Container("sidecar").At("securityContext.readOnlyRootFilesystem")?.ToString());
    }

    [Fact]
    public void Kubernetes_Secrets_ComeFromSecretRefs_AndCoverWhatTheConfigurationNames()
    {
        var env = Env(Container("sidecar"));
        Assert.Equal("sidecar-secrets", env["SIDECAR_API_KEY"].At("valueFrom.secretKeyRef.name")?.ToString());
        Assert.Equal("elasticsearch-credentials", env["SIDECAR_ES_PASSWORD"].At("valueFrom.secretKeyRef.name")?.ToString());

        // No secret-looking variable carries a literal value, in either container.
        foreach (var c in PodSpec().Items("containers"))
        {
            foreach (var (name, variable) in Env(c))
            {
                if (name.Contains("KEY", StringComparison.Ordinal) || name.Contains("PASSWORD", StringComparison.Ordinal) || name.Contains("SECRET", StringComparison.Ordinal))
                {
                    Assert.Null(variable.Get("value"));
                    Assert.NotNull(variable.At("valueFrom.secretKeyRef"));
                }
            }
        }

        // The variables the configuration reads secrets from are the ones the container gets from Secrets.
        var config = ConfigSchemaTests.ParseYaml(ConfigMapText())!;
        Assert.Contains(config.At("upstream.credentials.password_env")!.ToString(), env.Keys);
        Assert.Contains(config.At("admin.api_key_env")!.ToString(), env.Keys);
        Assert.Contains(config.At("personalization.user_id_hash_key_env")!.ToString(), env.Keys);
    }

    [Fact]
    public void Kubernetes_ConfigMap_IsMountedAsAppConfigSidecarYaml_AndIsTheDeployConfig()
    {
        var mount = Container("sidecar").Items("volumeMounts").Single(m => m.Str("mountPath") == "/app/config");
        Assert.Equal("true", mount.Str("readOnly"));
        var volume = PodSpec().Items("volumes").Named(mount.Str("name"));
        Assert.Equal(Kind("ConfigMap").Map("metadata").Str("name"), volume.At("configMap.name")?.ToString());
        Assert.Null(mount.Get("subPath")); // a subPath mount never sees ConfigMap updates

        // The ConfigMap holds deploy/config/sidecar.yaml without its editor modeline.
        var file = File.ReadAllLines(Deploy("config/sidecar.yaml"));
        Assert.StartsWith("# yaml-language-server: $schema=", file[0], StringComparison.Ordinal);
        Assert.Equal(string.Join('\n', file.Skip(1)).TrimEnd() + "\n", ConfigMapText());
    }

    [Fact]
    public void Kubernetes_Service_ExposesOnlyTheSidecarPort_AndSelectsThePod()
    {
        var spec = Kind("Service").Map("spec");
        var port = Assert.Single(spec.Items("ports"));
        Assert.Equal(SidecarPort, port.Str("port"));
        Assert.Equal("http", port.Str("targetPort"));
        var podLabels = Kind("Deployment").At("spec.template.metadata.labels") as YamlMappingNode;
        Assert.NotNull(podLabels);
        foreach (var (k, v) in spec.Map("selector").Children)
        {
            Assert.Equal(v.ToString(), podLabels.Get(k.ToString())?.ToString());
        }
    }

    [Fact]
    public void Compose_Elasticsearch_IsTheOfficialImage_SingleNode_WithHealthcheck()
    {
        var es = ComposeService("elasticsearch");
        Assert.Equal(ElasticsearchImageRerankTests.Image, es.Str("image"));
        Assert.Equal("single-node", es.Map("environment").Str("discovery.type"));
        Assert.Contains("_cluster/health", es.Map("healthcheck").Seq("test").Children.Last().ToString(), StringComparison.Ordinal);
        Assert.Null(es.Get("ports")); // clients go through the sidecar
        Assert.Equal(Container("elasticsearch").Str("image"), es.Str("image"));
    }

    [Fact]
    public void Compose_Sidecar_BuildsTheDockerfile_WithEnvOverridesHealthcheckAndConfig()
    {
        var sidecar = ComposeService("sidecar");
        var context = Path.GetFullPath(Path.Combine(Deploy(string.Empty), sidecar.At("build.context")!.ToString()));
        Assert.Equal(RepoPaths.Root.TrimEnd('/'), context.TrimEnd('/'));
        Assert.True(File.Exists(Path.Combine(context, sidecar.At("build.dockerfile")!.ToString())));

        var env = sidecar.Map("environment");
        Assert.Equal("http://elasticsearch:9200", env.Str("SIDECAR_UPSTREAM"));
        Assert.Equal("http://0.0.0.0:" + SidecarPort, env.Str("SIDECAR_LISTEN"));
        Assert.StartsWith("${SIDECAR_API_KEY", env.Str("SIDECAR_API_KEY"), StringComparison.Ordinal); // from the caller's environment, never a literal
        Assert.StartsWith("${", env.Str("SIDECAR_ES_PASSWORD"), StringComparison.Ordinal);
        Assert.Equal(SidecarPort + ":" + SidecarPort, Assert.Single(sidecar.Seq("ports").Children).ToString());
        Assert.Equal("service_healthy", sidecar.At("depends_on.elasticsearch.condition")?.ToString());
        Assert.Equal("true", sidecar.Str("read_only"));

        var test = sidecar.Map("healthcheck").Seq("test").Children.Select(c => c.ToString()).ToList();
        Assert.Equal(["CMD", "/app/sidecar", "health", "--url"], test.Take(4));
        Assert.EndsWith("/_rerank/ready", test[^1], StringComparison.Ordinal);

        var volume = Assert.Single(sidecar.Seq("volumes").Children).ToString().Split(':');
        Assert.Equal("/app/config", volume[1]);
        Assert.True(File.Exists(Path.Combine(Deploy(string.Empty), volume[0], "sidecar.yaml")));
    }

    [Fact]
    public void DeployConfig_IsValid_ForTheSchemaAndTheLoader()
    {
        var text = File.ReadAllText(Deploy("config/sidecar.yaml"));
        var outcome = ConfigSchema.Load().Validator.Validate(ConfigSchemaTests.ParseYaml(text));
        Assert.True(outcome.IsValid, string.Join("\n", outcome.Violations));

        // The loader needs the password variable the configuration names (the pod gets it from a Secret).
        var variable = ConfigSchemaTests.ParseYaml(text)!.At("upstream.credentials.password_env")!.ToString();
        var before = Environment.GetEnvironmentVariable(variable);
        Environment.SetEnvironmentVariable(variable, before ?? "not-a-real-password");
        try
        {
            using var models = ConfigSchemaTests.FakeModels();
            var options = ConfigSchemaTests.Loader(models).Load(text, "deploy/config/sidecar.yaml");
            Assert.Equal("products", Assert.Single(options.Profiles).Name);
            Assert.True(options.Upstream.Credential.IsSet);
            Assert.Equal("http://0.0.0.0:" + SidecarPort, options.Server.Listen);
        }
        catch (ConfigException e)
        {
            Assert.Fail(e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, before);
        }
    }

    private static Dictionary<string, YamlMappingNode> Env(YamlMappingNode container) =>
        container.Items("env").ToDictionary(e => e.Str("name"), e => e, StringComparer.Ordinal);

    private static string ConfigMapText() => Kind("ConfigMap").Map("data").Str("sidecar.yaml");
}
