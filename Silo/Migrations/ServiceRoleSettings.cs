namespace KeyKeeper.Silo.Migrations;

/// <summary>
/// The passwords the migrator gives the services' roles (section <c>ServiceRoles</c>; the AppHost
/// passes its generated ones). Unset, a role keeps the login it has: an operator's own, or none.
/// </summary>
public sealed class ServiceRoleSettings
{
    public const string SectionName = "ServiceRoles";

    public string? SiloPassword { get; set; }

    public string? FrontendPassword { get; set; }
}
