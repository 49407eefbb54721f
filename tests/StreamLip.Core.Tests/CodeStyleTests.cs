using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StreamLip.Core.Tests;

/// <summary>
/// The one rule of the house style no analyzer of the SDK checks (the others are <c>.editorconfig</c> rules the build
/// enforces): no constructor — ordinary, primary, or a record's positional list — takes ten or more parameters; such a
/// type takes an options or context object, or named members (<c>new SessionStats { … }</c>). Every C# file of
/// <c>src/</c>, <c>tests/</c> and <c>benchmarks/</c> is parsed (syntax only).
/// </summary>
public sealed class CodeStyleTests
{
    private const int MaxParameters = 9;

    [Fact]
    public void No_constructor_takes_ten_parameters()
    {
        string root = RepositoryRoot();
        var offenders = new List<string>();
        int files = 0;
        foreach (string dir in new[] { "src", "tests", "benchmarks" })
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(root, dir), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                {
                    continue;
                }

                files++;
                SyntaxNode tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
                foreach (SyntaxNode node in tree.DescendantNodes())
                {
                    (string? name, ParameterListSyntax? parameters) = node switch
                    {
                        ConstructorDeclarationSyntax c => (c.Identifier.Text, c.ParameterList),
                        TypeDeclarationSyntax t => (t.Identifier.Text, t.ParameterList), // primary constructor, record
                        _ => (null, null),
                    };
                    if (name is not null && parameters is not null && parameters.Parameters.Count > MaxParameters)
                    {
                        int line = parameters.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                        offenders.Add($"{Path.GetRelativePath(root, file)}:{line} {name}: {parameters.Parameters.Count} parameters");
                    }
                }
            }
        }

        Assert.True(files > 500, $"only {files} C# files found under {root}");
        Assert.True(offenders.Count == 0, "constructors of ten or more parameters (give them an options or context object, or named members):\n" + string.Join('\n', offenders));
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "StreamLip.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException($"No StreamLip.sln above {AppContext.BaseDirectory}.");
    }
}
