namespace Contracts;
internal static class Placeholder;
