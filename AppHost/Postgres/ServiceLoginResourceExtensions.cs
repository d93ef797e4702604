using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.AppHost.Postgres;

public static class ServiceLoginResourceExtensions
{
    /// <summary>Gives the migrator the passwords it sets for the services' roles; an external server's operator sets them instead.</summary>
    public static IResourceBuilder<ProjectResource> WithServiceRolePasswords(
        this IResourceBuilder<ProjectResource> migrator, ServiceLogin silo, ServiceLogin frontend)
    {
        if (silo.Password is { } siloPassword)
        {
            migrator.WithEnvironment("ServiceRoles__SiloPassword", siloPassword);
        }

        if (frontend.Password is { } frontendPassword)
        {
            migrator.WithEnvironment("ServiceRoles__FrontendPassword", frontendPassword);
        }

        return migrator;
    }

    /// <summary>The service's own login, under the connection name every service reads (<c>ConnectionStrings:keysdb</c>).</summary>
    public static IResourceBuilder<ProjectResource> WithDatabaseLogin(this IResourceBuilder<ProjectResource> project, ServiceLogin login) =>
        project.WithReference(login.Database, connectionName: KeyKeeperCluster.DatabaseName);
}
