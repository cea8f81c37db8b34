namespace ChannelServer.Configuration;

/// <summary>One served API: the part of the config document under <see cref="ConfigKey"/> ("" = the root) at <c>/<see cref="PathPrefix"/></c>.</summary>
public sealed record PrefixBinding(string ConfigKey, string PathPrefix)
{
    public override string ToString() => $"{(ConfigKey.Length == 0 ? "<root>" : ConfigKey)} -> /{PathPrefix}";
}
