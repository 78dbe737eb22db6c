namespace ExchangeSimulator { internal static class Placeholder { } }
