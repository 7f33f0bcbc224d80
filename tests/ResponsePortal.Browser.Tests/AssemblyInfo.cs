// Each test class starts its own Azurite, DevHost and chromium; on a 2-core machine they run one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
