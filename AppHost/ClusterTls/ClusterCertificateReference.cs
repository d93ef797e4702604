namespace KeyKeeper.AppHost.ClusterTls;

/// <summary>Where the cluster certificate is and the parameter that opens it, as the services are given them.</summary>
public sealed record ClusterCertificateReference(ReferenceExpression Path, IResourceBuilder<ParameterResource> Password);
