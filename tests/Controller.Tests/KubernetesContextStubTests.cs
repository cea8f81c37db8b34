using System.Reflection;
using System.Xml.Linq;
using TestSupport;

namespace Controller.Tests;

/// <summary>
/// The native compiler's substitution (Controller/Kubernetes/KubernetesContextStub.xml) names a method of
/// KubernetesClient by its signature. If a library upgrade renames or reshapes that method, the native publish
/// stops with IL2009 (the repository treats warnings as errors); this test says the same thing in seconds, in
/// the JIT test run, and names the method that is gone.
/// </summary>
public class KubernetesContextStubTests
{
    private static readonly string StubFile = Path.Combine(RepoPaths.Root, "Controller", "Kubernetes", "KubernetesContextStub.xml");

    [Fact]
    public void Every_method_the_substitution_names_exists_in_the_referenced_library()
    {
        var document = XDocument.Load(StubFile);
        var methods = 0;
        foreach (var assemblyElement in document.Root!.Elements("assembly"))
        {
            var assemblyName = (string)assemblyElement.Attribute("fullname")!;
            var assembly = Assembly.Load(assemblyName);
            foreach (var typeElement in assemblyElement.Elements("type"))
            {
                var typeName = (string)typeElement.Attribute("fullname")!;
                var type = assembly.GetType(typeName, throwOnError: false);
                Assert.True(type is not null, $"{assemblyName} has no type {typeName}");
                var signatures = type!
                    .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .Select(CompilerSignature)
                    .ToHashSet();
                foreach (var methodElement in typeElement.Elements("method"))
                {
                    // The compiler matches by signature only; a name attribute would be ignored without a word.
                    Assert.Null(methodElement.Attribute("name"));
                    var signature = (string)methodElement.Attribute("signature")!;
                    Assert.True(signatures.Contains(signature),
                        $"{typeName} has no method {signature}; it has:\n{string.Join("\n", signatures.Order())}");
                    methods++;
                }
            }
        }

        Assert.True(methods > 0, $"{StubFile} names no method");
    }

    [Fact]
    public void The_stubbed_lookup_is_the_library_contexts_resolver_for_every_type()
    {
        // The stub is worth its place only while this method is what names every built-in kind: the explicit
        // IJsonTypeInfoResolver.GetTypeInfo of the library's generated JSON context.
        var type = typeof(k8s.Kubernetes).Assembly.GetType("k8s.SourceGenerationContext", throwOnError: true)!;
        Assert.True(typeof(System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver).IsAssignableFrom(type));
        var map = type.GetInterfaceMap(typeof(System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver));
        var implementation = Assert.Single(map.TargetMethods);
        var stubbed = XDocument.Load(StubFile).Descendants("method").Select(m => (string)m.Attribute("signature")!);
        Assert.Contains(CompilerSignature(implementation), stubbed);
    }

    // The compiler's form: "<return type> <metadata name>(<parameter type>,...)", with full type names.
    private static string CompilerSignature(MethodInfo method) =>
        $"{method.ReturnType.FullName} {method.Name}({string.Join(",", method.GetParameters().Select(p => p.ParameterType.FullName))})";
}
