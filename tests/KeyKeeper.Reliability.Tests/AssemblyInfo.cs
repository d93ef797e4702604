// Each test runs a whole deployment of processes; on two cores they must not compete.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
