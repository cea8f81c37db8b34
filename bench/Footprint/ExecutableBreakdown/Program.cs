// Where the controller's native executable goes, read from the Native AOT compiler's map file:
//   dotnet publish Controller/Controller.csproj -c Release -p:IlcGenerateMapFile=true -o /tmp/controller
//   dotnet run -c Release --project bench/Footprint/ExecutableBreakdown -- Controller/obj/Release/net10.0/linux-x64/native/Controller.map.xml
// Prints the compiler's output by library, then what exists only for the KubernetesClient model types that a Job
// brings and no other kind the controller uses does (its pod template above all). A type structure
// (method table) is also unpacked into anonymous memory at start (.hydrated), so it costs its bytes twice when
// resident: in the file and in memory. Names are matched as text, so a node shared by two groups counts once, in
// the first that names it; the figures are a floor for what a change of the model would remove.
using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using System.Xml;
using k8s.Models;

if (args.Length != 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: ExecutableBreakdown CONTROLLER_MAP_XML (publish with -p:IlcGenerateMapFile=true; it is written next to Controller.o)");
    return 2;
}

// The libraries, most specific first: a generic instantiation over a model type counts as the model's.
(string Label, string Marker)[] libraries =
[
    ("KubernetesClient models", "k8s_Models_"),
    ("KubernetesClient", "KubernetesClient_"),
    ("ASP.NET Core routing", "Microsoft_AspNetCore_Routing"),
    ("Kestrel", "Microsoft_AspNetCore_Server_Kestrel"),
    ("ASP.NET Core (rest)", "Microsoft_AspNetCore_"),
    ("Microsoft.Extensions", "Microsoft_Extensions_"),
    ("System.Text.Json", "System_Text_Json"),
    ("prometheus-net", "Prometheus_"),
    ("YamlDotNet", "YamlDotNet_"),
    ("BouncyCastle", "BouncyCastle_"),
    ("controller and contracts", "Controller_"),
    ("controller and contracts", "Contracts_"),
    ("System.Net", "System_Net_"),
    ("cryptography", "System_Security_Cryptography"),
    ("regular expressions", "System_Text_RegularExpressions"),
    ("CoreLib", "S_P_CoreLib_"),
];

// The kinds the controller names for its JSON (one owner: ControllerJsonContext), the Job's apart.
var context = typeof(Controller.Kubernetes.KubeConfig).Assembly.GetType("Controller.Kubernetes.ControllerJsonContext", throwOnError: true)!;
var named = context.GetCustomAttributesData()
    .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
    .Select(a => (Type)a.ConstructorArguments[0].Value!)
    .ToList();

// A watch event (Watcher<T>.WatchEvent) carries its kind as its own generic argument.
bool IsJobKind(Type t) => t == typeof(V1Job) || t == typeof(V1JobList) || t == typeof(V1JobSpec)
    || (t.IsConstructedGenericType && t.GetGenericArguments().Any(IsJobKind));
var others = Closure(named.Where(t => !IsJobKind(t)));
var jobOnly = Closure(named.Where(IsJobKind)).Except(others).ToHashSet();
var templateOnly = Closure([typeof(V1PodTemplateSpec)]).Except(others).Except(Closure([typeof(V1JobStatus)])).ToHashSet();

var byLibrary = new Dictionary<string, (long Bytes, long Types)>();
var byKind = new Dictionary<string, long>();
long total = 0, jobBytes = 0, jobTypes = 0, templateBytes = 0, templateTypes = 0;
var jobPattern = NamePattern(jobOnly);
var templatePattern = NamePattern(templateOnly);
using (var reader = XmlReader.Create(args[0]))
{
    while (reader.Read())
    {
        if (reader.NodeType != XmlNodeType.Element || reader.GetAttribute("Name") is not { } name || reader.GetAttribute("Length") is not { } lengthText)
        {
            continue;
        }

        var length = long.Parse(lengthText, System.Globalization.CultureInfo.InvariantCulture);
        var isType = reader.LocalName.EndsWith("EEType", StringComparison.Ordinal);
        total += length;
        byKind[reader.LocalName] = byKind.GetValueOrDefault(reader.LocalName) + length;
        var library = libraries.FirstOrDefault(l => name.Contains(l.Marker, StringComparison.Ordinal)).Label ?? "runtime data and the rest";
        var (bytes, types) = byLibrary.GetValueOrDefault(library);
        byLibrary[library] = (bytes + length, types + (isType ? length : 0));
        if (jobPattern.IsMatch(name))
        {
            jobBytes += length;
            jobTypes += isType ? length : 0;
            if (templatePattern.IsMatch(name))
            {
                templateBytes += length;
                templateTypes += isType ? length : 0;
            }
        }
    }
}

Console.WriteLine($"compiler output in the map: {Mb(total)} MB");
Console.WriteLine($"{"by library",-44} {"MB",8} {"of it types",12}");
foreach (var (label, (bytes, types)) in byLibrary.OrderByDescending(kv => kv.Value.Bytes))
{
    Console.WriteLine($"  {label,-42} {Mb(bytes),8} {Mb(types),12}");
}

Console.WriteLine($"{"by node kind (largest)",-44} {"MB",8}");
foreach (var (kind, bytes) in byKind.OrderByDescending(kv => kv.Value).Take(8))
{
    Console.WriteLine($"  {kind,-42} {Mb(bytes),8}");
}

Console.WriteLine($"kinds the controller names: {named.Count}; model types they reach: {others.Count + jobOnly.Count}");
Console.WriteLine($"model types only a Job reaches: {jobOnly.Count}: {Mb(jobBytes)} MB named, {Mb(jobTypes)} MB of it type structures");
Console.WriteLine($"  of which only its pod template reaches: {templateOnly.Count}: {Mb(templateBytes)} MB named, {Mb(templateTypes)} MB of it type structures");
return 0;

static HashSet<Type> Closure(IEnumerable<Type> roots)
{
    var seen = new HashSet<Type>();
    var todo = new Stack<Type>(roots);
    while (todo.TryPop(out var type))
    {
        if (type.IsConstructedGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                todo.Push(argument);
            }
        }

        if (type.Namespace != "k8s.Models" || type.IsGenericType || !seen.Add(type))
        {
            continue;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            todo.Push(property.PropertyType);
        }
    }

    return seen;
}

// A model type's name in a mangled symbol: after the models' namespace, or as a member the JSON source generator
// named after it in ControllerJsonContext (V1Volume, IListV1Volume, Create_V1Volume); never a longer name's prefix.
static Regex NamePattern(IEnumerable<Type> types)
{
    var alternatives = string.Join('|', types.Select(t => Regex.Escape(t.Name)).OrderByDescending(n => n.Length));
    return new Regex($@"(?:k8s_Models_|ControllerJsonContext\w*?_(?:Create_|get_|_)?)(?:{alternatives})(?![A-Za-z0-9])", RegexOptions.CultureInvariant);
}

static string Mb(long bytes) => (bytes / 1048576.0).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
