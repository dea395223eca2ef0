from dealgraph.cli import main

main(prog_name="dealgraph")
