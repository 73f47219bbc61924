/// Cost control. Filled in by the cost-control work.
public enum CostControlModule {}
