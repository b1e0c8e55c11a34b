"""The views: for each page, one function that computes its data, from which the HTML page, its JSON
twin and the static export's copy are all made (the way a Datasette view's data() feeds HTML and JSON).
No HTTP here: the routes (app/web/routes/) parse requests and call these."""
