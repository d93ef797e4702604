namespace KeyKeeper.Benchmarks;

/// <summary>How long and how large the benchmark runs. The defaults fit in about eight minutes on two cores, plus about ten for section 5's million grains.</summary>
public sealed record BenchmarkOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project tests/KeyKeeper.Benchmarks [-- options]
          --seconds N        length of each measured run (default 15)
          --warmup N         warm-up before each measured run (default 3)
          --rounds N         rounds of each compared pair, run back to back (default 2; the gateway's default 1)
          --users N          users created through the API for the load (default 400, at least 200; 200 with --only gateway
                             or --only scale)
          --scale A,B,C      active user grains for the memory/scale steps (default 1000,10000,100000,1000000)
          --scale-seconds N  length of the save-key run at each scale step (default 10)
          --compare-only     only the compared pairs and where the time goes (sections 1-3), e.g. to try a change;
                             skips cold activation, memory, wrong logins, legacy import and the gateway (4-8)
          --only legacy-import
                             only the legacy import (section 7): a generated users.json into a fresh PostgreSQL
          --only wrong-logins
                             only the users and the wrong logins for real and unknown names (section 6)
          --only cold-start  only the users, five silo restarts with the first answer after each, and cold activations (section 4)
          --only gateway     only the gateway (section 8): the users, an app token each, and chat completions to a
                             stand-in upstream directly, through bare YARP and through /proxy, plain and streamed
          --only scale       only the users and memory and save-key throughput as active grains grow (section 5)
          --legacy-users N   users in the generated legacy users.json (default 10000)
          --setting K=V      a configuration value for the silo and the frontend, e.g. Logging:LogLevel:Npgsql=Warning
                             or DOTNET_gcServer=0 (repeatable)
          --quick            a smoke run: 4 s runs, 1 round, 200 users, scale 1000,5000, 2000 legacy users
        """;

    /// <summary>The fewest users --users allows: section 6 times a wrong login for each of 200 real names.</summary>
    public const int MinimumUsers = 200;

    public int RunSeconds { get; init; } = 15;

    public int WarmupSeconds { get; init; } = 3;

    public int Rounds { get; init; } = 2;

    public int Users { get; init; } = 400;

    public IReadOnlyList<int> SaveConnections { get; init; } = [32, 64];

    public int ReadConnections { get; init; } = 64;

    public IReadOnlyList<int> ScaleSteps { get; init; } = [1_000, 10_000, 100_000, 1_000_000];

    public int ScaleRunSeconds { get; init; } = 10;

    /// <summary>Skip cold activation and the memory/scale steps.</summary>
    public bool CompareOnly { get; init; }

    /// <summary>Only the legacy import benchmark (section 7), not the running service's.</summary>
    public bool LegacyImportOnly { get; init; }

    /// <summary>Only the users and the wrong-login timing (section 6).</summary>
    public bool WrongLoginsOnly { get; init; }

    /// <summary>Only the users, their app tokens and the gateway section (8).</summary>
    public bool GatewayOnly { get; init; }

    /// <summary>Only the users and the memory/scale steps (section 5).</summary>
    public bool ScaleOnly { get; init; }

    /// <summary>Connections of every gateway run: direct, bare YARP and the gateway alike.</summary>
    public int GatewayConnections { get; init; } = 32;

    /// <summary>Rounds of the gateway's three runs per mode; one unless --rounds says otherwise.</summary>
    public int GatewayRounds => RoundsGiven ? Rounds : 1;

    /// <summary>Only the users, silo restarts and cold activations (section 4).</summary>
    public bool ColdStartOnly { get; init; }

    /// <summary>Whether the run includes the gateway section.</summary>
    public bool IncludesGateway => GatewayOnly || !(CompareOnly || WrongLoginsOnly || LegacyImportOnly || ColdStartOnly || ScaleOnly);

    /// <summary>Wrong logins timed for real names, and as many for unknown names.</summary>
    public int WrongLogins { get; init; } = 200;

    /// <summary>Users in the generated legacy export; the goal is 10,000 imported in under a minute.</summary>
    public int LegacyUsers { get; init; } = 10_000;

    /// <summary>Extra configuration for the silo and the frontend (environment variables, ':' as '__').</summary>
    public IReadOnlyDictionary<string, string> ServiceSettings { get; init; } = new Dictionary<string, string>();

    private bool RoundsGiven { get; init; }

    private bool UsersGiven { get; init; }

    /// <summary>Sign-ups and logins at once: PBKDF2 takes a core for tens of milliseconds each.</summary>
    public int SignUpParallelism { get; init; } = 4;

    /// <summary>Requests at once when activating idle grains and measuring parallel cold starts.</summary>
    public int ActivationParallelism { get; init; } = 64;

    /// <summary>Cold starts timed one after another; the remaining users are timed in parallel.</summary>
    public int SequentialColdStarts { get; init; } = 100;

    /// <summary>
    /// Grain calls in flight while the memory/scale steps activate grains: enough to keep the silo
    /// and PostgreSQL busy on every core while each call waits for its row.
    /// </summary>
    public int ScaleActivationParallelism { get; init; } = 512;

    /// <summary>
    /// The most the memory/scale steps may spend activating grains, so the run stays bounded; well
    /// inside Orleans' default collection age (15 minutes idle), after which the first grains would go.
    /// </summary>
    public TimeSpan ScaleActivationBudget { get; init; } = TimeSpan.FromMinutes(10);

    public static BenchmarkOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value.");
            try
            {
                options = args[i] switch
                {
                    "--seconds" => options with { RunSeconds = Positive(Next()) },
                    "--warmup" => options with { WarmupSeconds = Positive(Next()) },
                    "--rounds" => options with { Rounds = Positive(Next()), RoundsGiven = true },
                    "--users" => options with { Users = AtLeast(MinimumUsers, Positive(Next())), UsersGiven = true },
                    "--scale" => options with { ScaleSteps = [.. Next().Split(',').Select(Positive).Order()] },
                    "--scale-seconds" => options with { ScaleRunSeconds = Positive(Next()) },
                    "--compare-only" => options with { CompareOnly = true },
                    "--only" => Next() switch
                    {
                        "legacy-import" => options with { LegacyImportOnly = true },
                        "wrong-logins" => options with { WrongLoginsOnly = true },
                        "gateway" => options with { GatewayOnly = true },
                        "cold-start" => options with { ColdStartOnly = true },
                        "scale" => options with { ScaleOnly = true },
                        _ => throw new FormatException($"--only takes legacy-import, wrong-logins, gateway, cold-start or scale, not '{args[i]}'."),
                    },
                    "--legacy-users" => options with { LegacyUsers = Positive(Next()) },
                    "--setting" => options with { ServiceSettings = WithSetting(options.ServiceSettings, Next()) },
                    "--quick" => options with
                    {
                        RunSeconds = 4, WarmupSeconds = 2, Rounds = 1, Users = 200, ScaleSteps = [1_000, 5_000], ScaleRunSeconds = 4,
                        SequentialColdStarts = 50, LegacyUsers = 2_000,
                    },
                    _ => throw new FormatException($"Unknown option {args[i]}."),
                };
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine(e.Message);
                return null;
            }
        }

        return (options.GatewayOnly || options.ScaleOnly) && !options.UsersGiven ? options with { Users = MinimumUsers } : options;
    }

    private static Dictionary<string, string> WithSetting(IReadOnlyDictionary<string, string> settings, string assignment)
    {
        var parts = assignment.Split('=', 2);
        if (parts.Length != 2 || parts[0].Length == 0)
        {
            throw new FormatException($"'{assignment}' is not KEY=VALUE.");
        }

        return new Dictionary<string, string>(settings) { [parts[0]] = parts[1] };
    }

    private static int AtLeast(int minimum, int value) =>
        value >= minimum ? value : throw new FormatException($"At least {minimum} are needed, not {value}.");

    private static int Positive(string text) =>
        int.TryParse(text, out var value) && value > 0 ? value : throw new FormatException($"'{text}' is not a positive number.");
}
