namespace ResponsePortal.Common;

/// <summary>A refusal a person can understand; the HTTP layer turns it into RFC 9457 problem+json.</summary>
public sealed record Problem(int Status, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static Problem Invalid(string detail, IReadOnlyDictionary<string, string[]>? errors = null)
        => new(400, "The request is not valid", detail, errors);

    public static Problem Invalid(IReadOnlyDictionary<string, string[]> errors)
        => new(400, "The request is not valid", string.Join(" ", errors.SelectMany(e => e.Value)), errors);

    public static Problem NotFound(string what)
        => new(404, "Not found", $"There is no {what} here.");

    public static Problem Conflict(string detail) => new(409, "Conflict", detail);

    public static Problem TooLarge(string detail) => new(413, "Too large", detail);

    public static Problem UnsupportedType(string detail) => new(415, "Unsupported file type", detail);
}

/// <summary>The result of a use case: a value or a problem, never both.</summary>
public readonly struct Outcome<T>
{
    private Outcome(T? value, Problem? problem)
    {
        Value = value;
        Problem = problem;
    }

    public T? Value { get; }
    public Problem? Problem { get; }
    public bool Succeeded => Problem is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(Problem problem) => new(default, problem);
}

/// <summary>Collects every reason a request is refused so the caller hears them all at once.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary()
        => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public Problem ToProblem() => Problem.Invalid(ToDictionary());

    public IEnumerable<string> Messages => _errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"));
}
