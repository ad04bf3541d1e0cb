// The globals graphkb's view.js uses for its WebGL renderer: graphology's Graph, sigma.js's Sigma, and
// sigma's one-pixel line program (gl.LINES: the cheapest way to draw 100,000 edges).
import Graph from "graphology";
import Sigma from "sigma";
import { EdgeLineProgram } from "sigma/rendering";

window.graphkbWebgl = { Graph: Graph, Sigma: Sigma, EdgeLineProgram: EdgeLineProgram };
