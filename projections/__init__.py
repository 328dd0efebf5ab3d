"""The read side: tables projected from the events, and the queries and reports over them."""
