using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace KeyKeeper.Frontend.DataProtection;

/// <summary>Data Protection calls this rarely (at start, on refresh, when it makes a key), and synchronously.</summary>
public sealed class PostgresXmlRepository(NpgsqlDataSource database, KeyRingCipher cipher) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = database.CreateCommand("SELECT xml FROM data_protection_keys ORDER BY id");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        // Data Protection makes a new key when none of the stored ones decrypts. Under a wrong
        // secret that would quietly start a second key ring the other replicas cannot read, and
        // sign everybody out; refusing here surfaces the misconfiguration instead.
        foreach (var encrypted in GetAllElements().SelectMany(stored => stored.Descendants(KeyRingCipher.EncryptedElementName)))
        {
            cipher.Decrypt(encrypted);
        }

        using var command = database.CreateCommand("INSERT INTO data_protection_keys (friendly_name, xml) VALUES ($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }
}
