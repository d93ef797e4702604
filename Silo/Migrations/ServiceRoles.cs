using KeyKeeper.ServiceDefaults;
using System.Text;
using Npgsql;

namespace KeyKeeper.Silo.Migrations;

/// <summary>
/// Creates the silo's and the frontend's roles when they are missing, sets the passwords it is
/// given, and grants each role exactly what <c>ServiceRoles.sql</c> names, in one transaction.
/// Run after every migration, so that what a migration created is granted too.
/// </summary>
public static class ServiceRoles
{
    // PostgreSQL cuts longer names short (NAMEDATALEN - 1), and the services would log in as a name that does not exist.
    private const int LongestRoleName = 63;

    private static readonly Lazy<string> GrantsSql = new(() =>
    {
        using var stream = typeof(ServiceRoles).Assembly.GetManifestResourceStream($"{typeof(ServiceRoles).Namespace}.ServiceRoles.sql")
            ?? throw new InvalidOperationException("The embedded ServiceRoles.sql is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>Applies the roles and grants on the database of <paramref name="connectionString"/>; returns the role names.</summary>
    public static (string Silo, string Frontend) Apply(string connectionString, ServiceRoleSettings passwords)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var roles = (
            Silo: KeyKeeperDatabaseRoles.For(connection.Database, KeyKeeperDatabaseRoles.Silo),
            Frontend: KeyKeeperDatabaseRoles.For(connection.Database, KeyKeeperDatabaseRoles.Frontend));
        foreach (var role in new[] { roles.Silo, roles.Frontend })
        {
            if (Encoding.UTF8.GetByteCount(role) > LongestRoleName)
            {
                throw new MigrationFailedException($"The role name '{role}' is longer than PostgreSQL's {LongestRoleName} bytes; use a shorter database name.", null);
            }
        }

        using var transaction = connection.BeginTransaction();
        // Bound as parameters and read back inside the script, so nothing is spliced into SQL text here.
        using (var settings = new NpgsqlCommand("""
            SELECT set_config('keykeeper.silo_role', $1, true), set_config('keykeeper.frontend_role', $2, true),
                   set_config('keykeeper.silo_password', $3, true), set_config('keykeeper.frontend_password', $4, true)
            """, connection, transaction))
        {
            settings.Parameters.Add(new NpgsqlParameter { Value = roles.Silo });
            settings.Parameters.Add(new NpgsqlParameter { Value = roles.Frontend });
            settings.Parameters.Add(new NpgsqlParameter { Value = Verifier(passwords.SiloPassword) });
            settings.Parameters.Add(new NpgsqlParameter { Value = Verifier(passwords.FrontendPassword) });
            settings.ExecuteNonQuery();
        }

        using (var grants = new NpgsqlCommand(GrantsSql.Value, connection, transaction))
        {
            grants.ExecuteNonQuery();
        }

        transaction.Commit();
        return roles;
    }

    private static string Verifier(string? password) =>
        string.IsNullOrEmpty(password) ? string.Empty : ScramSha256Verifier.Create(password);
}
