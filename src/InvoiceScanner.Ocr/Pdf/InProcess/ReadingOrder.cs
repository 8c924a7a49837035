namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// Orders a page's blocks for reading, following the rules pdftotext uses (T. M. Breuel, "High performance document
/// layout analysis", 2003): a block comes before another when (1) their horizontal spans overlap and it is higher, or
/// (2) it lies wholly to the left and no third block sits between them by rule 1. Blocks are first widened towards
/// blocks below them so a column's heading spans its column, and blocks forming a 2×2 aligned grid are treated as one
/// table, read row by row. Written for left-to-right pages whose text mostly runs horizontally.
/// </summary>
internal static class ReadingOrder
{
    private const double TableColumnTolerance = 0.7;
    private const double TableRowTolerance = 0.5;

    public static List<TextBlock> Sort(IReadOnlyList<TextBlock> blocks)
    {
        var boxes = blocks.Select(b => new Box(b)).ToList();
        FindTables(boxes);
        Extend(boxes);
        return TopologicalOrder(boxes);
    }

    private sealed class Box(TextBlock block)
    {
        public TextBlock Block { get; } = block;
        public double XMin => Block.XMin;
        public double XMax => Block.XMax;
        public double YMin => Block.YMin;
        public double YMax => Block.YMax;

        /// <summary>The box widened for the ordering rules.</summary>
        public double EXMin { get; set; } = block.XMin;
        public double EXMax { get; set; } = block.XMax;
        public double EYMin { get; set; } = block.YMin;
        public double EYMax { get; set; } = block.YMax;
        public int Table { get; set; } = -1;
    }

    /// <summary>Marks blocks that, with their right, lower and lower-right neighbours, form an aligned grid.</summary>
    private static void FindTables(List<Box> boxes)
    {
        var tables = 0;
        foreach (var box in boxes)
        {
            if (GridNeighbours(boxes, box) is not var (right, below, diagonal)) continue;
            var size = new[] { box, right, below, diagonal }.Min(b => b.Block.FontSize);
            var (dx, dy) = (size * TableColumnTolerance, size * TableRowTolerance);
            static double Mid(double a, double b) => (a + b) / 2;
            var columns = (Math.Abs(Mid(box.XMin, box.XMax) - Mid(below.XMin, below.XMax)) <= dx && Math.Abs(Mid(right.XMin, right.XMax) - Mid(diagonal.XMin, diagonal.XMax)) <= dx ? 1 : 0)
                + (Math.Abs(box.XMin - below.XMin) <= dx && Math.Abs(right.XMin - diagonal.XMin) <= dx ? 1 : 0)
                + (Math.Abs(box.XMax - below.XMax) <= dx && Math.Abs(right.XMax - diagonal.XMax) <= dx ? 1 : 0);
            var rows = (Math.Abs(Mid(box.YMin, box.YMax) - Mid(right.YMin, right.YMax)) <= dy && Math.Abs(Mid(below.YMin, below.YMax) - Mid(diagonal.YMin, diagonal.YMax)) <= dy ? 1 : 0)
                + (Math.Abs(box.YMin - right.YMin) <= dy && Math.Abs(below.YMin - diagonal.YMin) <= dy ? 1 : 0)
                + (Math.Abs(box.YMax - right.YMax) <= dy && Math.Abs(below.YMax - diagonal.YMax) <= dy ? 1 : 0);
            if (columns == 0 || rows == 0) continue;
            var id = new[] { box.Table, right.Table, below.Table, diagonal.Table }.Max();
            if (id < 0) id = tables++;
            box.Table = right.Table = below.Table = diagonal.Table = id;
        }

        // A table is ordered against other text as the one box enclosing it.
        foreach (var table in boxes.Where(b => b.Table >= 0).GroupBy(b => b.Table))
        {
            var (xMin, xMax) = (table.Min(b => b.EXMin), table.Max(b => b.EXMax));
            var (yMin, yMax) = (table.Min(b => b.EYMin), table.Max(b => b.EYMax));
            foreach (var box in table) (box.EXMin, box.EXMax, box.EYMin, box.EYMax) = (xMin, xMax, yMin, yMax);
        }
    }

    /// <summary>The nearest block to the right on the same rows, below in the same columns, and below-right; null unless they form a clean grid.</summary>
    private static (Box Right, Box Below, Box Diagonal)? GridNeighbours(List<Box> boxes, Box box)
    {
        Box? right = null, below = null, diagonal = null;
        foreach (var other in boxes)
        {
            if (other == box) continue;
            if (other.YMin <= box.YMax && other.YMax >= box.YMin && other.XMin > box.XMax && (right is null || other.XMin < right.XMin))
                right = other;
            else if (other.XMin <= box.XMax && other.XMax >= box.XMin && other.YMin > box.YMax && (below is null || other.YMin < below.YMin))
                below = other;
            else if (other.XMin > box.XMax && other.YMin > box.YMax && (diagonal is null || (other.XMin < diagonal.XMin && other.YMin < diagonal.YMin)))
                diagonal = other;
        }

        if (right is null || below is null || diagonal is null) return null;
        static bool SpanX(Box a, Box b) => a.XMin <= b.XMax && a.XMax >= b.XMin;
        static bool SpanY(Box a, Box b) => a.YMin <= b.YMax && a.YMax >= b.YMin;
        if (SpanX(below, diagonal) || SpanY(right, diagonal) || SpanX(right, below) || SpanY(right, below)
            || diagonal.XMin > right.XMax || diagonal.XMax < right.XMin || diagonal.YMin > below.YMax || diagonal.YMax < below.YMin)
        {
            return null;
        }

        return (right, below, diagonal);
    }

    /// <summary>Widens each non-table block over the blocks below it, up to the neighbours beside it.</summary>
    private static void Extend(List<Box> boxes)
    {
        foreach (var box in boxes.Where(b => b.Table < 0))
        {
            // Starting near zero, not at -infinity: text left of the page edge never limits the widening.
            var (limitLeft, limitRight) = (double.Epsilon, double.MaxValue);
            foreach (var other in boxes)
            {
                if (other == box || !(box.YMin <= other.YMax && box.YMax >= other.YMin)) continue;
                if (other.XMin < limitRight && other.XMin > box.XMax) limitRight = other.XMin;
                if (other.XMax > limitLeft && other.XMax < box.XMin) limitLeft = other.XMax;
            }

            foreach (var other in boxes)
            {
                if (other == box || other.YMin < box.YMax) continue;
                if (other.XMax > box.EXMax && other.XMax <= limitRight) box.EXMax = other.XMax;
                if (other.XMin < box.EXMin && other.XMin >= limitLeft) box.EXMin = other.XMin;
            }
        }
    }

    private static bool AboveOverlapping(Box first, Box second) =>
        ((first.EXMin <= second.EXMin && second.EXMin <= first.EXMax) || (second.EXMin <= first.EXMin && first.EXMin <= second.EXMax))
        && first.EYMin < second.EYMin;

    private static bool LeftOf(Box first, Box second) => first.EXMax <= second.EXMin;

    /// <summary>Whether <paramref name="candidate"/> must be read before <paramref name="box"/>.</summary>
    private static bool Before(Box candidate, Box box, List<Box> boxes, List<Box> interveners)
    {
        if (box.Table >= 0 && box.Table == candidate.Table)
        {
            return (candidate.XMax <= box.XMin && candidate.YMin <= box.YMax && candidate.YMax >= box.YMin)
                || candidate.YMax <= box.YMin;
        }

        if (AboveOverlapping(candidate, box)) return true;
        if (!LeftOf(candidate, box)) return false;
        // Recently found interveners are tried first: on a page of columns the same few blocks keep intervening.
        foreach (var known in interveners)
        {
            if (AboveOverlapping(box, known) && AboveOverlapping(known, candidate)) return false;
        }

        foreach (var third in boxes)
        {
            if (third == candidate || third == box || !AboveOverlapping(box, third) || !AboveOverlapping(third, candidate)) continue;
            interveners.Insert(0, third);
            if (interveners.Count > 4) interveners.RemoveAt(4);
            return false;
        }

        return true;
    }

    /// <summary>Depth-first topological sort (iterative, so a page of thousands of blocks cannot exhaust the stack).</summary>
    private static List<TextBlock> TopologicalOrder(List<Box> boxes)
    {
        var sorted = new List<TextBlock>(boxes.Count);
        var visited = new bool[boxes.Count];
        var interveners = new List<Box>();
        var stack = new Stack<(int Box, int Next)>();
        for (var start = 0; start < boxes.Count; start++)
        {
            if (visited[start]) continue;
            visited[start] = true;
            stack.Push((start, 0));
            while (stack.Count > 0)
            {
                var (current, next) = stack.Pop();
                var pushed = false;
                for (var other = next; other < boxes.Count; other++)
                {
                    if (visited[other] || !Before(boxes[other], boxes[current], boxes, interveners)) continue;
                    stack.Push((current, other + 1));
                    visited[other] = true;
                    stack.Push((other, 0));
                    pushed = true;
                    break;
                }

                if (!pushed) sorted.Add(boxes[current].Block);
            }
        }

        return sorted;
    }
}
