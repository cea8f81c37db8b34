using k8s;

namespace Controller.Kubernetes;

/// <summary>Which API server to talk to: a kubeconfig, a master URL, or the pod's service account; never a guess.</summary>
public static class KubeConfig
{
    public static KubernetesClientConfiguration Build(ControllerOptions options)
    {
        if (options.InCluster)
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        if (!string.IsNullOrEmpty(options.Kubeconfig))
        {
            if (!File.Exists(options.Kubeconfig))
            {
                throw new InvalidOperationException($"--kubeconfig {options.Kubeconfig}: no such file");
            }

            return KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigFile.Load(options.Kubeconfig), masterUrl: options.Master);
        }

        if (!string.IsNullOrEmpty(options.Master))
        {
            return new KubernetesClientConfiguration { Host = options.Master };
        }

        // Same choice as the reference when nothing is given, but only when a pod really is what we run in.
        if (KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        throw new InvalidOperationException("no --kubeconfig or --master given and not running in a Kubernetes pod (no service account); refusing to guess an API server");
    }
}
