# Per-round wall time against the number of clients (docs/performance.md "A million clients").
#   gnuplot docs/performance/million-clients.gp   (from the repository root)
# writes docs/performance/million-clients.png and .svg from million-clients.dat.
data = 'docs/performance/million-clients.dat'
set datafile missing '?'
set logscale xy
set xlabel 'clients n (star platform, one host each)'
set ylabel 'wall seconds per round'
set key top left
set grid
set format x '%.0s%c'
set xrange [700:400000]
set yrange [0.001:300]
plot_all = "plot data using 1:2 with linespoints pt 7 title 'MARINA, full participation (marina-sim)', \
  data using 1:3 with linespoints pt 5 title 'PP-MARINA round 0: all n answer (marina-sim)', \
  data using 1:4 with linespoints pt 4 dt 2 title 'SimGrid alone, the same round (simgrid\\_round\\_cost)', \
  data using 1:5 with linespoints pt 9 title 'PP-MARINA later rounds, r = 100 (marina-sim)'"
set terminal pngcairo size 900,600 font ',11'
set output 'docs/performance/million-clients.png'
eval(plot_all)
set terminal svg size 900,600 font 'sans,11'
set output 'docs/performance/million-clients.svg'
eval(plot_all)
