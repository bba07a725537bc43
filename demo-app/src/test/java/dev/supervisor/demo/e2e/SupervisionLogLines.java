package dev.supervisor.demo.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The start and stop lines the demo logs for every child (its {@code SupervisionLog}),
 * in log order.
 */
final class SupervisionLogLines {

	private static final Pattern CHILD = Pattern
		.compile("SupervisionLog\\s+: (started|stopped) (\\S+) incarnation (\\d+)(?: \\((.*)\\))?$");

	private static final Pattern TREE = Pattern.compile("SupervisionLog\\s+: stopped tree (\\S+) ");

	private final List<Line> lines = new ArrayList<>();

	private final List<String> treesStopped = new ArrayList<>();

	SupervisionLogLines(List<String> log) {
		for (String text : log) {
			Matcher child = CHILD.matcher(text);
			if (child.find()) {
				this.lines.add(new Line(child.group(1), child.group(2), Long.parseLong(child.group(3)),
						child.group(4)));
			}
			Matcher tree = TREE.matcher(text);
			if (tree.find()) {
				this.treesStopped.add(tree.group(1));
			}
		}
	}

	/**
	 * The children of each supervisor in the order of the lines of one kind.
	 * @param event {@code started} or {@code stopped}
	 * @return child paths by parent path, in log order
	 */
	Map<String, List<String>> childrenByParent(String event) {
		Map<String, List<String>> byParent = new LinkedHashMap<>();
		for (Line line : this.lines) {
			int slash = line.path().lastIndexOf('/');
			if (line.event().equals(event) && slash > 0) {
				byParent.computeIfAbsent(line.path().substring(0, slash), (parent) -> new ArrayList<>())
					.add(line.path());
			}
		}
		return byParent;
	}

	List<Line> stopped() {
		return this.lines.stream().filter((line) -> line.event().equals("stopped")).toList();
	}

	List<String> treesStopped() {
		return this.treesStopped;
	}

	record Line(String event, String path, long incarnation, String reason) {

	}

}
