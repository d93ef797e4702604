using System.Reflection;

namespace KeyKeeper.Testing;

/// <summary>Where the built Silo and Frontend are, for tests that run them as real processes.</summary>
public static class BuiltApp
{
    /// <summary>The build configuration of the running tests (Debug or Release), used for the services too.</summary>
    public static string Configuration { get; } =
        Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string SiloDll => Output("Silo", "KeyKeeper.Silo");

    public static string FrontendDll => Output("Frontend", "KeyKeeper.Frontend");

    private static string Output(string project, string assembly)
    {
        var path = Path.Combine(Repository.Root, project, "bin", Configuration, "net10.0", assembly + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: build the solution first (dotnet build KeyKeeper.slnx -c {Configuration}).", path);
    }
}
