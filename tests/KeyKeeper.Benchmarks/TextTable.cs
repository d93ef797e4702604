using System.Text;

namespace KeyKeeper.Benchmarks;

/// <summary>A plain-text table with right-aligned columns, for the report.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public TextTable Add(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var widths = headers.Select((header, i) => _rows.Select(row => i < row.Length ? row[i].Length : 0).Append(header.Length).Max()).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells) =>
            text.AppendLine("  " + string.Join("  ", cells.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
        Line(headers);
        Line([.. widths.Select(width => new string('-', width))]);
        foreach (var row in _rows)
        {
            Line(row);
        }

        return text.ToString();
    }
}
