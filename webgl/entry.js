// The globals graphkb's view.js uses for its WebGL renderer: graphology's Graph, sigma.js's Sigma, and
// two of sigma's programs that draw without instancing, which software WebGL (SwiftShader) does one
// instance at a time: GL points for nodes (20,000 instanced discs take seconds there, points a fraction
// of that) and GL lines, the cheapest edge program, which stands in for sigma's default edge programs
// when graphkb draws a big graph's edges itself (view.js, edgeLayer).
import Graph from "graphology";
import Sigma from "sigma";
import { EdgeLineProgram, NodePointProgram } from "sigma/rendering";

window.graphkbWebgl = { Graph: Graph, Sigma: Sigma, EdgeLineProgram: EdgeLineProgram, NodePointProgram: NodePointProgram };
