namespace ExchangeSimulator.Exchange { internal static class Placeholder { } }
