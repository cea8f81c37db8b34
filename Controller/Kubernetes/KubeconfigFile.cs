using k8s.Exceptions;
using k8s.KubeConfigModels;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Controller.Kubernetes;

/// <summary>
/// Reads a kubeconfig file into KubernetesClient's own model, which then builds the client configuration.
/// </summary>
/// <remarks>
/// KubernetesClient's reader (<c>KubernetesYaml</c>) builds YamlDotNet's reflection-based deserializer over every
/// model type, which asks for metadata tokens a native executable does not have: the native controller died at
/// start. YamlDotNet's node model needs no reflection, so the file is read through it, key by key, with the names
/// client-go writes. Unknown keys are ignored, as client-go does; relative certificate paths stay relative to the
/// file (<see cref="K8SConfiguration.FileName"/>).
/// </remarks>
public static class KubeconfigFile
{
    public static K8SConfiguration Load(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = File.OpenText(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new KubeConfigException($"{path}: not valid YAML: {e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new KubeConfigException($"{path}: not a kubeconfig (the document is not a mapping)");
        }

        return new K8SConfiguration
        {
            ApiVersion = Text(root, "apiVersion"),
            Kind = Text(root, "kind"),
            CurrentContext = Text(root, "current-context"),
            Clusters = Named(root, "clusters", "cluster", (name, c) => new Cluster { Name = name, ClusterEndpoint = c is null ? null : ClusterEndpoint(c) }),
            Users = Named(root, "users", "user", (name, u) => new User { Name = name, UserCredentials = u is null ? null : UserCredentials(u) }),
            Contexts = Named(root, "contexts", "context", (name, c) => new Context { Name = name, ContextDetails = c is null ? null : ContextDetails(c) }),
            FileName = Path.GetFullPath(path),
        };
    }

    private static ClusterEndpoint ClusterEndpoint(YamlMappingNode c) => new()
    {
        Server = Text(c, "server"),
        CertificateAuthority = Text(c, "certificate-authority"),
        CertificateAuthorityData = Text(c, "certificate-authority-data"),
        TlsServerName = Text(c, "tls-server-name"),
        SkipTlsVerify = Flag(c, "insecure-skip-tls-verify"),
    };

    private static UserCredentials UserCredentials(YamlMappingNode u) => new()
    {
        ClientCertificate = Text(u, "client-certificate"),
        ClientCertificateData = Text(u, "client-certificate-data"),
        ClientKey = Text(u, "client-key"),
        ClientKeyData = Text(u, "client-key-data"),
        Token = Text(u, "token"),
        UserName = Text(u, "username"),
        Password = Text(u, "password"),
        Impersonate = Text(u, "as"),
        ImpersonateGroups = Child(u, "as-groups") is YamlSequenceNode groups ? [.. groups.Children.Select(g => Scalar(g) ?? "")] : null,
        AuthProvider = Child(u, "auth-provider") is YamlMappingNode provider
            ? new AuthProvider { Name = Text(provider, "name"), Config = StringMap(Child(provider, "config")) }
            : null,
        ExternalExecution = Child(u, "exec") is YamlMappingNode exec ? ExternalExecution(exec) : null,
    };

    private static ExternalExecution ExternalExecution(YamlMappingNode e) => new()
    {
        ApiVersion = Text(e, "apiVersion"),
        Command = Text(e, "command"),
        Arguments = Child(e, "args") is YamlSequenceNode args ? [.. args.Children.Select(a => Scalar(a) ?? "")] : null,
        EnvironmentVariables = Child(e, "env") is YamlSequenceNode env
            ? [.. env.Children.Select(v => StringMap(v) ?? [])]
            : null,
        InstallHint = Text(e, "installHint"),
        ProvideClusterInfo = Flag(e, "provideClusterInfo"),
    };

    private static ContextDetails ContextDetails(YamlMappingNode c) => new()
    {
        Cluster = Text(c, "cluster"),
        User = Text(c, "user"),
        Namespace = Text(c, "namespace"),
    };

    /// <summary>The kubeconfig's lists of <c>{name, &lt;field&gt;: {...}}</c> entries.</summary>
    private static List<T> Named<T>(YamlMappingNode root, string key, string field, Func<string?, YamlMappingNode?, T> make) =>
        Child(root, key) is YamlSequenceNode entries
            ? [.. entries.Children.OfType<YamlMappingNode>().Select(e => make(Text(e, "name"), Child(e, field) as YamlMappingNode))]
            : [];

    private static Dictionary<string, string>? StringMap(YamlNode? node) =>
        node is YamlMappingNode map
            ? map.Children.Where(p => Scalar(p.Key) is not null).ToDictionary(p => Scalar(p.Key)!, p => Scalar(p.Value) ?? "", StringComparer.Ordinal)
            : null;

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Text(YamlMappingNode node, string key) => Scalar(Child(node, key));

    private static bool Flag(YamlMappingNode node, string key) =>
        Text(node, key) is { } text && bool.TryParse(text, out var value) && value;

    private static string? Scalar(YamlNode? node) =>
        node is YamlScalarNode { Value: { } value } scalar && !(scalar.Style == ScalarStyle.Plain && value is "" or "~" or "null" or "Null" or "NULL")
            ? value
            : null;
}
